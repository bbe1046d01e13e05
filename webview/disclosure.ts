// vscode-collapsible (2.5.1) toggles on a click or Enter, but its header is a focusable <div> with
// no role and no state: a screen reader would not hear that it opens, as it did with <details>.
// This gives the header the button role and aria-expanded, kept in step, and Space as a second
// key, as a button has. Used as `${ref(describeAsDisclosure)}` on the collapsible.
import { VscodeCollapsible } from "@vscode-elements/elements/dist/vscode-collapsible/index.js";

const described = new WeakSet<VscodeCollapsible>();

export function describeAsDisclosure(element: Element | undefined): void {
  if (!(element instanceof VscodeCollapsible) || described.has(element)) return;
  described.add(element);
  // The header exists once the collapsible has rendered its shadow root.
  void element.updateComplete.then(() => {
    const header = element.shadowRoot?.querySelector<HTMLElement>(".collapsible-header");
    if (!header) return;
    const showState = () => header.setAttribute("aria-expanded", String(element.open));
    header.setAttribute("role", "button");
    showState();
    element.addEventListener("vsc-collapsible-toggle", showState);
    header.addEventListener("keydown", (event) => {
      if (event.key !== " ") return;
      // Space would scroll the page; a click toggles the collapsible and reports the change.
      event.preventDefault();
      header.click();
    });
  });
}
