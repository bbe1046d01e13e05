// The base of the panel's own components: Lit elements that render into themselves (light DOM),
// not into a shadow root. The page's one stylesheet, media/panel.css, then styles every section
// (the CSP allows no inline styles, and one file keeps the theme rules together), and ids stay
// in one document, where aria-labelledby and aria-describedby can reach them. The
// @vscode-elements components the sections use keep their shadow roots and constructed styles.
import { LitElement } from "lit";

export class LightElement extends LitElement {
  protected override createRenderRoot(): HTMLElement {
    return this;
  }
}
