// The design tokens every widget starts its stylesheet with: colours (light,
// and dark under `prefers-color-scheme: dark` or `theme="dark"`), a type
// scale, spacing steps, radii and motion. Each reads a public `--clg-*`
// custom property first, so a page themes every widget from one place:
//
//   clg-scorecard, clg-nps-prompt { --clg-accent: #6f42c1; --clg-radius: 12px; }
//
// Widgets use the private `--_*` names only; the README lists the public ones.
// Under `forced-colors` (Windows High Contrast) the few things shown by a
// background alone (a chosen answer, a progress bar's fill) take system colours;
// colour keys (the scorecard's swatches) keep their colours.

const LIGHT = `
  --_bg: var(--clg-bg, #fff);
  --_fg: var(--clg-fg, #1f2328);
  --_muted: var(--clg-muted, #59636e);
  --_border: var(--clg-border, #d1d9e0);
  --_field-border: var(--clg-field-border, #818b98);
  --_surface: var(--clg-surface, #f6f8fa);
  --_track: var(--clg-track, #eaeef2);
  --_accent: var(--clg-accent, #0969da);
  --_accent-fg: var(--clg-accent-fg, #fff);
  --_focus: var(--clg-focus, #0969da);
  --_success: var(--clg-success, #1a7f37);
  --_warning: var(--clg-warning, #9a6700);
  --_danger: var(--clg-danger, #cf222e);
  --_promoter: var(--clg-promoter, #1a7f37);
  --_passive: var(--clg-passive, #bf8700);
  --_detractor: var(--clg-detractor, #cf222e);
  --_shadow: var(--clg-shadow, 0 8px 24px rgb(31 35 40 / 0.14));`;

const DARK = `
  --_bg: var(--clg-bg, #151b23);
  --_fg: var(--clg-fg, #e6edf3);
  --_muted: var(--clg-muted, #9198a1);
  --_border: var(--clg-border, #3d444d);
  --_field-border: var(--clg-field-border, #7d8590);
  --_surface: var(--clg-surface, #212830);
  --_track: var(--clg-track, #2a313c);
  --_accent: var(--clg-accent, #4493f8);
  --_accent-fg: var(--clg-accent-fg, #0d1117);
  --_focus: var(--clg-focus, #4493f8);
  --_success: var(--clg-success, #3fb950);
  --_warning: var(--clg-warning, #d29922);
  --_danger: var(--clg-danger, #f85149);
  --_promoter: var(--clg-promoter, #3fb950);
  --_passive: var(--clg-passive, #d29922);
  --_detractor: var(--clg-detractor, #f85149);
  --_shadow: var(--clg-shadow, 0 8px 24px rgb(1 4 9 / 0.6));`;

export const THEME = `
:host {
  ${LIGHT}
  --_radius: var(--clg-radius, 8px);
  --_radius-small: var(--clg-radius-small, 4px);
  --_text-xs: var(--clg-text-xs, 0.75em);
  --_text-sm: var(--clg-text-sm, 0.875em);
  --_text-lg: var(--clg-text-lg, 1.125em);
  --_text-xl: var(--clg-text-xl, 1.5em);
  --_space-1: var(--clg-space-1, 0.25rem);
  --_space-2: var(--clg-space-2, 0.5rem);
  --_space-3: var(--clg-space-3, 0.75rem);
  --_space-4: var(--clg-space-4, 1rem);
  --_space-5: var(--clg-space-5, 1.5rem);
  --_motion: var(--clg-motion, 200ms);
  display: block;
  font: var(--clg-font, inherit);
  line-height: 1.45;
  color: var(--_fg);
}
:host([hidden]) { display: none; }
:host([theme=dark]) { ${DARK} color-scheme: dark; }
@media (prefers-color-scheme: dark) { :host(:not([theme=light])) { ${DARK} color-scheme: dark; } }
@media (prefers-reduced-motion: reduce) { :host { --_motion: 0ms; } }
* { box-sizing: border-box; }
.unshown { margin: 0; color: var(--_muted); }
button:focus-visible, input:focus-visible, textarea:focus-visible, select:focus-visible, [tabindex]:focus-visible {
  outline: 3px solid var(--_focus); outline-offset: 2px;
}
@media (forced-colors: active) {
  input:checked + span { forced-color-adjust: none; background: Highlight !important; border-color: Highlight !important; color: HighlightText !important; }
  /* A bar's track drawn in HTML (an SVG track, a ring's or the scorecard's bars, keeps its shape). */
  .track:not(svg *) { forced-color-adjust: none; background: Canvas !important; outline: 1px solid CanvasText; }
  .track .fill { background: Highlight !important; }
}
`;
