import type { DiagnosticCode } from './diagnostics';

/** What each diagnostic code means, for SARIF rules and the project file's schema. A new code must say. */
export const CODE_DESCRIPTIONS: Readonly<Record<DiagnosticCode, { readonly summary: string; readonly help: string }>> = {
  'unknown-id': {
    summary: 'A DISARM ID that no release has ever had.',
    help: 'The technique, tactic, counter or incident ID is in no loaded DISARM release, the built-in history included. Correct the ID (the quick fix offers the closest ones).',
  },
  'removed-id': {
    summary: 'An ID that the target release no longer has, though another loaded release does.',
    help: 'The ID was in an older release. Cite a technique of the target release instead (the quick fix offers those with the closest names), or check against the older release.',
  },
  'malformed-id': {
    summary: 'A DISARM ID of the wrong shape.',
    help: 'Technique IDs are T followed by four digits, with an optional three-digit sub-technique (T0145.006). The quick fix offers the existing IDs closest in shape.',
  },
  'outdated-name': {
    summary: "The name written beside an ID is its name in another release, not the checked one's.",
    help: 'DISARM renamed the object. Write its current name (the quick fix does), or check against the release whose name was written.',
  },
  'name-spelling': {
    summary: "A slip of an ID's official name: a few characters off, or its leading words only.",
    help: 'Write the official name. For a slip the quick fix does it (and fix-all applies it); an abbreviation is expanded only when you choose to.',
  },
  'name-mismatch': {
    summary: 'The name written beside an ID is not its name.',
    help: 'Case, spacing, typographic quotes and dashes are ignored. Write the official name (the quick fix does), or the ID whose name was meant.',
  },
  'link-mismatch': {
    summary: "A link to a DISARM page leads to another object's page.",
    help: "The link's text cites one ID and its destination is the page of another. Point the link at the cited ID's own page.",
  },
  'not-in-table': {
    summary: "A technique cited in an incident's descriptions has no row in its techniques table.",
    help: "Incident pages list the techniques they use in a table. Add a row for the technique (the quick fix does) or leave the information finding as it is.",
  },
  'too-many-findings': {
    summary: 'More findings in one document than the editor shows (disarm.diagnostics.maxPerDocument).',
    help: 'The editor shows the first findings only, and says here how many more there are. disarm-lint reports them all; fix them there, or raise the setting.',
  },
  'not-checked': {
    summary: 'The document was not checked: its markdown was too costly to parse.',
    help: 'Parsing the document took longer than the bound, so it was left unchecked rather than stalling. Split the document or simplify its markdown.',
  },
};
