// Inline style set through the CSSOM (element.style), which the panel's content security policy
// allows: it has no 'unsafe-inline', so a style *attribute* is refused — and lit's styleMap writes
// the attribute on its first render. Used as `.style=${styleProperties({ width: "40%" })}`.
import { noChange } from "lit";
import { Directive, directive, PartType } from "lit/directive.js";
import type { PartInfo, PropertyPart } from "lit/directive.js";

/** CSS property names as CSS writes them ("width", "flex-basis") and their values. */
export type StyleProperties = Readonly<Record<string, string>>;

class StylePropertiesDirective extends Directive {
  /** What this binding set last: a property is written only when its value changes. */
  readonly #written = new Map<string, string>();

  constructor(partInfo: PartInfo) {
    super(partInfo);
    if (partInfo.type !== PartType.PROPERTY || partInfo.name !== "style") throw new Error("styleProperties() belongs in a .style binding");
  }

  override render(properties: StyleProperties): typeof noChange {
    void properties;
    return noChange;
  }

  override update(part: PropertyPart, [properties]: [StyleProperties]): typeof noChange {
    const { style } = part.element as HTMLElement;
    for (const [name, value] of Object.entries(properties)) {
      if (this.#written.get(name) === value) continue;
      style.setProperty(name, value);
      this.#written.set(name, value);
    }
    return noChange;
  }
}

export const styleProperties = directive(StylePropertiesDirective);
