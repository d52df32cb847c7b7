import { FrameworkIndex } from '../framework/framework';
import { parentTechniqueId } from '../markdown/ids';

/**
 * The domain of DISARM layers: the DISARM Foundation's navigator (a fork of the ATT&CK Navigator)
 * declares its data under the domain identifier `DISARM` (`nav-app/src/assets/config.json` of
 * DISARMFoundation/disarm-navigator-17), and its sample layers say `"domain": "DISARM"`.
 */
export const DISARM_NAVIGATOR_DOMAIN = 'DISARM';

/** One technique of a layer, as the Navigator layer format 4.x defines it. */
export interface NavigatorTechnique {
  readonly techniqueID: string;
  /** The tactic's shortname (STIX `x_mitre_shortname`): its name lowercased and hyphenated. */
  readonly tactic?: string;
  readonly score: number;
  readonly color: string;
  readonly comment: string;
  readonly enabled: boolean;
  readonly metadata: readonly [];
  readonly links: readonly [];
  readonly showSubtechniques: boolean;
}

/** A Navigator layer file (format 4.5), limited to what the coverage view exports. */
export interface NavigatorLayer {
  readonly name: string;
  readonly versions: { readonly layer: string; readonly navigator: string };
  readonly domain: string;
  readonly description: string;
  readonly sorting: number;
  readonly layout: { readonly layout: 'side'; readonly showID: boolean; readonly showName: boolean };
  readonly hideDisabled: boolean;
  readonly techniques: readonly NavigatorTechnique[];
  readonly gradient: { readonly colors: readonly string[]; readonly minValue: number; readonly maxValue: number };
  readonly legendItems: readonly [];
  readonly metadata: readonly [];
  readonly links: readonly [];
  readonly showTacticRowBackground: boolean;
  readonly selectTechniquesAcrossTactics: boolean;
  readonly selectSubtechniquesWithParent: boolean;
}

/** What to export: technique ID → score (1 for an incident's citations, the incident count for a heat map). */
export interface LayerInput {
  readonly name: string;
  readonly description?: string;
  readonly scores: Readonly<Record<string, number>>;
  readonly domain?: string;
}

/** The highlight colour of the coverage view, used for the highest score. */
const HIGH = '#e5484d';

/** `Persist in the Information Environment` → `persist-in-the-information-environment`. */
export function tacticShortname(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Builds a layer that opens in the DISARM Navigator: only techniques the framework knows are
 * written, each with its tactic's shortname; a parent whose sub-technique is scored shows its
 * sub-techniques. Scores colour through the gradient (white to the view's red).
 */
export function buildNavigatorLayer(input: LayerInput, index: FrameworkIndex | undefined): NavigatorLayer {
  const ids = Object.keys(input.scores)
    .filter((id) => index?.objects.get(id)?.kind === 'technique' && input.scores[id] > 0)
    .sort();
  const expanded = new Set(ids.map(parentTechniqueId).filter((id): id is string => !!id));
  const techniques = ids.map((id): NavigatorTechnique => {
    const tactic = index?.objects.get(index.objects.get(id)?.tactic ?? '')?.name;
    return {
      techniqueID: id,
      ...(tactic ? { tactic: tacticShortname(tactic) } : {}),
      score: input.scores[id],
      color: '',
      comment: '',
      enabled: true,
      metadata: [],
      links: [],
      showSubtechniques: expanded.has(id),
    };
  });
  const max = techniques.reduce((m, t) => Math.max(m, t.score), 0);
  return {
    name: input.name,
    versions: { layer: '4.5', navigator: '4.9.1' },
    domain: input.domain ?? DISARM_NAVIGATOR_DOMAIN,
    description: input.description ?? '',
    sorting: 0,
    layout: { layout: 'side', showID: true, showName: true },
    hideDisabled: false,
    techniques,
    gradient: { colors: ['#ffffff', HIGH], minValue: 0, maxValue: Math.max(1, max) },
    legendItems: [],
    metadata: [],
    links: [],
    showTacticRowBackground: false,
    selectTechniquesAcrossTactics: true,
    selectSubtechniquesWithParent: false,
  };
}
