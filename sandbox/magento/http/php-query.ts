// Query strings as PHP reads them (`$_GET` / parse_str): `a[b][0]=x` nests, `a[]=x` appends, `+` is
// a space, later keys overwrite earlier ones. Magento's web API gets its input from exactly this.

export type QueryValue = string | QueryTree;
export type QueryTree = { [key: string]: QueryValue };

/** PHP urldecode: `+` is a space, malformed escapes stay as written. */
export function formDecode(raw: string): string {
  return percentDecode(raw.replace(/\+/g, " "));
}

/** PHP rawurldecode: only %XX escapes are decoded (as UTF-8 bytes); `+` stays `+`. */
export function percentDecode(raw: string): string {
  if (!raw.includes("%")) return raw;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === "%" && /^[0-9a-fA-F]{2}$/.test(raw.slice(i + 1, i + 3))) {
      bytes.push(parseInt(raw.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...encoder.encode(ch));
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** PHP rawurlencode (RFC 3986): everything but A-Z a-z 0-9 - _ . ~ is escaped. */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

function splitKey(key: string): string[] {
  const open = key.indexOf("[");
  if (open <= 0) return [key];
  const path = [key.slice(0, open)];
  let rest = key.slice(open);
  while (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    if (close < 0) break;
    path.push(rest.slice(1, close));
    rest = rest.slice(close + 1);
  }
  return path;
}

function assign(node: QueryTree, path: string[], value: string): void {
  let current = node;
  for (let i = 0; i < path.length; i++) {
    let segment = path[i]!;
    if (segment === "") segment = String(Object.keys(current).filter((k) => /^\d+$/.test(k)).length);
    if (i === path.length - 1) {
      current[segment] = value;
      return;
    }
    const next = current[segment];
    if (typeof next !== "object") current[segment] = {};
    current = current[segment] as QueryTree;
  }
}

export function parseQuery(raw: string): QueryTree {
  const root: QueryTree = {};
  for (const part of raw.split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const key = formDecode(eq < 0 ? part : part.slice(0, eq));
    if (!key) continue;
    assign(root, splitKey(key), eq < 0 ? "" : formDecode(part.slice(eq + 1)));
  }
  return root;
}

/** Reads a camelCase or snake_case key, as Magento's input processor accepts both. */
export function pick(tree: QueryValue | undefined, camel: string): QueryValue | undefined {
  if (typeof tree !== "object") return undefined;
  const snake = camel.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
  return tree[camel] ?? tree[snake];
}

/** The entries of a PHP array in the order PHP would iterate it (numeric keys ascending here). */
export function listOf(value: QueryValue | undefined): QueryValue[] {
  if (typeof value !== "object") return [];
  return Object.values(value);
}
