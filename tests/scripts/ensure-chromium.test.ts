// How the browser tests get a Chromium on a machine with none (scripts/ensure-chromium.mjs): which
// machines install Debian's package, with which commands, and which are told what to do instead.
import { describe, expect, it } from 'vitest';
import { planBrowserInstall } from '../../scripts/ensure-chromium.mjs';

const debianRoot = { platform: 'linux', isRoot: true, hasAptGet: true, hasPasswordlessSudo: false, env: {} };

describe('installing a browser for the tests', () => {
  it('installs Debian chromium with apt-get as root, after an update', () => {
    expect(planBrowserInstall(debianRoot)).toEqual({
      ok: true,
      commands: [
        ['apt-get', 'update'],
        ['apt-get', 'install', '-y', 'chromium'],
      ],
    });
  });

  it('goes through sudo -n for a user who may sudo without a password', () => {
    const plan = planBrowserInstall({ ...debianRoot, isRoot: false, hasPasswordlessSudo: true });
    expect(plan.ok && plan.commands.map((c) => c.slice(0, 3))).toEqual([
      ['sudo', '-n', 'apt-get'],
      ['sudo', '-n', 'apt-get'],
    ]);
  });

  it('tells a user without root what to run instead of prompting for a password', () => {
    const plan = planBrowserInstall({ ...debianRoot, isRoot: false });
    expect(plan.ok).toBe(false);
    expect(!plan.ok && plan.why).toContain('sudo apt-get install -y chromium');
  });

  it('installs nothing without apt-get, or when PHIEU_INSTALL_BROWSER=0', () => {
    expect(planBrowserInstall({ ...debianRoot, platform: 'darwin', hasAptGet: false }).ok).toBe(false);
    const off = planBrowserInstall({ ...debianRoot, env: { PHIEU_INSTALL_BROWSER: '0' } });
    expect(!off.ok && off.why).toContain('PHIEU_INSTALL_BROWSER=0');
  });
});
