/**
 * Just enough of the Caddyfile syntax for docker/Caddyfile: one directive per line, `{` … `}` blocks, `#` comments
 * and `{$VAR:default}` placeholders. Quoted tokens and heredocs are not needed there and not handled.
 */

export interface CaddyDirective {
  name: string;
  args: string[];
  block: CaddyDirective[];
}

/** The top-level entries (the global options block, site blocks) with their nested directives. */
export function parseCaddyfile(text: string, env: Record<string, string | undefined> = {}): CaddyDirective[] {
  const root: CaddyDirective = { name: '', args: [], block: [] };
  const stack = [root];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    if (line === '}') {
      if (stack.length === 1) throw new Error('Caddyfile: unbalanced }');
      stack.pop();
      continue;
    }
    const tokens = line.split(/\s+/).map((token) => substituteEnv(token, env));
    const opens = tokens.at(-1) === '{';
    if (opens) tokens.pop();
    const directive: CaddyDirective = { name: tokens[0] ?? '', args: tokens.slice(1), block: [] };
    stack.at(-1)!.block.push(directive);
    if (opens) stack.push(directive);
  }
  if (stack.length !== 1) throw new Error('Caddyfile: unclosed {');
  return root.block;
}

/** Every directive called `name`, at any depth. */
export function findDirectives(entries: CaddyDirective[], name: string): CaddyDirective[] {
  return entries.flatMap((d) => [...(d.name === name ? [d] : []), ...findDirectives(d.block, name)]);
}

/** The arguments of a subdirective of `directive`, e.g. `health_uri` inside `reverse_proxy { … }`. */
export function subdirectiveArgs(directive: CaddyDirective, name: string): string[] | undefined {
  return directive.block.find((d) => d.name === name)?.args;
}

function substituteEnv(token: string, env: Record<string, string | undefined>): string {
  return token.replace(/\{\$([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}/g, (_, name: string, fallback?: string) => {
    return env[name] || fallback || '';
  });
}
