// Lint of Junction's own code, run by `npm test`: ESLint's and typescript-eslint's recommended rules,
// no console in the product, no import cycles, and the layer boundaries of DESIGN §5 (the core free
// of a runtime vscode import and of the host; src/shared and the panel free of both).
// test/unit/lintRules.test.ts proves each of these rules bites on a small tree that breaks it.
import js from "@eslint/js";
import { createNodeResolver, importX } from "eslint-plugin-import-x";
import globals from "globals";
import tseslint from "typescript-eslint";

/** `vscode` in every form a module can reach it: import, re-export, `import x = require`, `import()`. */
const restrictVscode = (message, { allowTypeImports }) => ({
  "@typescript-eslint/no-restricted-imports": ["error", { paths: [{ name: "vscode", message, allowTypeImports }] }],
  "no-restricted-syntax": ["error", { selector: "ImportExpression[source.value='vscode']", message }],
});

/** The patterns are merged into the same rule as restrictVscode's paths, so one layer has one rule. */
function layer(files, { vscodeMessage, allowTypeImports, forbidden, forbiddenMessage, alsoForbidden = [] }) {
  const rules = restrictVscode(vscodeMessage, { allowTypeImports });
  rules["@typescript-eslint/no-restricted-imports"][1].paths.push(...alsoForbidden);
  rules["@typescript-eslint/no-restricted-imports"][1].patterns = [{ group: forbidden, message: forbiddenMessage }];
  return { files, rules };
}

export default tseslint.config(
  {
    ignores: ["node_modules/**", ".tools/**", "dist/**", "out/**", "test-results/**", ".junction-run/**", "test/fixtures/**"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { "import-x": importX },
    settings: {
      "import-x/extensions": [".ts", ".mjs", ".js"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts"] },
      "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".mjs", ".js"] })],
    },
    languageOptions: { ecmaVersion: 2024, sourceType: "module", globals: globals.node },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "no-console": "error",
      // Prettier's width holds for everything but a literal it cannot break: an l10n.t key must stay
      // one string (it is the bundle's key), and a regular expression one literal.
      "max-len": ["error", { code: 160, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true }],
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-require-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true }],
    },
  },
  layer(["src/core/**"], {
    vscodeMessage: "The core has no vscode import at run time (DESIGN §5): take a port, or `import type`.",
    allowTypeImports: true,
    forbidden: ["**/host/**", "**/webview/**", "**/words/**"],
    forbiddenMessage: "The core does not depend on the host, the webview or the words of its codes (src/words).",
    alsoForbidden: [{ name: "@vscode/l10n", message: "The core decides in codes; src/words turns them into the user's language." }],
  }),
  layer(["src/words/**"], {
    vscodeMessage: "src/words runs in plain Node too (its tests, the core's consumers): @vscode/l10n, not vscode.",
    allowTypeImports: false,
    forbidden: ["**/host/**", "**/webview/**"],
    forbiddenMessage: "src/words depends on the core's codes only.",
  }),
  layer(["src/shared/**"], {
    vscodeMessage: "src/shared is imported by the webview too: no vscode, not even for types.",
    allowTypeImports: false,
    forbidden: ["**/host/**", "**/core/**"],
    forbiddenMessage: "src/shared depends on nothing of Junction's.",
  }),
  {
    ...layer(["webview/**"], {
      vscodeMessage: "The panel's page runs in a webview: it talks to the host through src/shared/protocol.ts.",
      allowTypeImports: false,
      forbidden: ["**/src/host/**", "**/src/core/**"],
      forbiddenMessage: "The panel's page imports only src/shared.",
    }),
    languageOptions: { globals: globals.browser },
  },
  { files: ["test/**", "bench/**", "scripts/**/*.mjs", "*.mjs"], rules: { "no-console": "off" } },
  { files: ["test/fakes/**"], rules: { "@typescript-eslint/no-explicit-any": "off" } },
);
