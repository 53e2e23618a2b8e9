/** PromQL's functions, aggregation operators and keywords: never metric names. */
const NOT_METRICS = new Set([
  'sum', 'min', 'max', 'avg', 'count', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'count_values', 'group',
  'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'offset', 'bool', 'inf', 'nan',
]);

const STRING_LITERALS = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g;
/** A clause naming labels to group or join by: `by (app, le)`, `on(app)`, `group_left(topic)`, … */
const LABEL_LIST_CLAUSES = /\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g;
/** A selector's braces, which may hold `}` inside a quoted value. */
const SELECTORS = /\{((?:[^}"]|"(?:[^"\\]|\\.)*")*)\}/g;
const MATCHER = /([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g;

/**
 * The metric names a PromQL expression reads: string literals, label matchers (`{…}`), grouping clauses (`by (…)`),
 * ranges (`[5m]`) and function calls are removed; what is left that looks like an identifier is a metric name.
 */
export function metricNamesIn(expression: string): string[] {
  const stripped = expression
    .replace(STRING_LITERALS, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(LABEL_LIST_CLAUSES, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*(?=\s*(\(?))/g)) {
    const [name] = match;
    const followedByCall = /^\s*\(/.test(stripped.slice(match.index + name.length));
    if (followedByCall || NOT_METRICS.has(name.toLowerCase())) continue;
    names.add(name);
  }
  return [...names].sort();
}

/** One label matcher of a selector: `job="apps"`, `status=~"5.."`. */
export interface LabelMatcher {
  name: string;
  operator: '=' | '!=' | '=~' | '!~';
  value: string;
}

/** Every label matcher of an expression's selectors, in order. */
export function labelMatchersIn(expression: string): LabelMatcher[] {
  return [...expression.matchAll(SELECTORS)].flatMap(([, body]) =>
    [...body!.matchAll(MATCHER)].map(([, name, operator, value]) => ({ name: name!, operator: operator as LabelMatcher['operator'], value: value! })),
  );
}

/** The label names an expression matches on (`{app=~"…"}`), or groups and joins by (`by (app)`, `on (app)`, …). */
export function labelNamesIn(expression: string): string[] {
  const listed = [...expression.replace(STRING_LITERALS, ' ').matchAll(LABEL_LIST_CLAUSES)].flatMap(([, , list]) => list!.split(','));
  const names = [...labelMatchersIn(expression).map((matcher) => matcher.name), ...listed.map((name) => name.trim())];
  return [...new Set(names.filter(Boolean))].sort();
}
