// No vscode here: the schema test reads the template under Node.

/** The file `DISARM: Create Project Configuration` writes: every setting, explained, most left commented out. */
export const PROJECT_CONFIG_TEMPLATE = `// DISARM project configuration, read by the DISARM extension and by disarm-lint.
// The nearest .disarm.jsonc above a document applies to it; paths are relative to this file.
// In the editor it wins over the disarm.* settings; on the command line, flags win over it.
{
  // The DISARM data: DISARMframeworks checkout folders or STIX 2.1 bundles (DISARM.json).
  // Several sources load several releases: an ID only an older one has is removed-id.
  // "data": ["../DISARMframeworks", { "path": "DISARM-1.6.json", "label": "1.6" }],

  // The label of the release documents are checked against (default: the newest loaded).
  // "target": "1.6",

  // "auto": DISARM documents only; "all": every markdown file.
  // "scope": "auto",

  // Globs of the files checked, and of those not checked.
  // "include": ["docs/**/*.md"],
  "ignore": ["node_modules/**"],

  // Per diagnostic code: "off", "info", "warning" or "error" (completion lists the codes).
  "codes": {
    // "not-in-table": "off",
  },

  // disarm-lint's lowest severity shown: "error", "warning" (the default) or "info".
  "severity": "warning",
}
`;
