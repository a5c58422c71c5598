// The event the page sends when sealed files were added, so the sealed panel counts them again.
export const SEALED_CHANGED = 'phieu:sealed-changed';
