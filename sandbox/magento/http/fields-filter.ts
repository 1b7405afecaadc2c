// The `fields` partial-response parameter: `items[entity_id,increment_id],total_count`. A name
// without brackets keeps the whole value; lists are filtered item by item; a filter Magento cannot
// parse turns the whole answer into `[]`.

export type FieldsTree = { [name: string]: FieldsTree | true };

export function parseFields(spec: string): FieldsTree | undefined {
  let pos = 0;
  const parseList = (): FieldsTree | undefined => {
    const tree: FieldsTree = {};
    for (;;) {
      const match = /^[A-Za-z0-9_]+/.exec(spec.slice(pos));
      if (!match) return undefined;
      pos += match[0].length;
      let node: FieldsTree | true = true;
      if (spec[pos] === "[") {
        pos++;
        const inner = parseList();
        if (!inner || spec[pos] !== "]") return undefined;
        pos++;
        node = inner;
      }
      tree[match[0]] = node;
      if (spec[pos] !== ",") return tree;
      pos++;
    }
  };
  const tree = parseList();
  return tree && pos === spec.length ? tree : undefined;
}

function isList(value: object): boolean {
  return Array.isArray(value);
}

function intersect(value: Record<string, unknown>, filter: FieldsTree): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, rule] of Object.entries(filter)) {
    if (!(key in value)) continue;
    const inner = value[key];
    out[key] = rule !== true && inner !== null && typeof inner === "object" ? applyFields(inner, rule) : inner;
  }
  return out;
}

export function applyFields(body: unknown, filter: FieldsTree): unknown {
  if (body === null || typeof body !== "object") return body;
  if (isList(body)) return (body as unknown[]).map((item) => (item !== null && typeof item === "object" ? intersect(item as Record<string, unknown>, filter) : item));
  return intersect(body as Record<string, unknown>, filter);
}

/** What the response becomes for a `fields` value; non-object answers (bare ids, booleans) pass. */
export function filterResponse(body: unknown, spec: string | undefined): unknown {
  if (spec === undefined || body === null || typeof body !== "object") return body;
  const tree = parseFields(spec);
  return tree ? applyFields(body, tree) : [];
}
