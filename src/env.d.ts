// The site's own client directive (astro.config.mjs, src/scripts/client-steps.ts).
declare namespace astroHTML.JSX {
  interface IntrinsicAttributes {
    'client:steps'?: boolean;
  }
}
