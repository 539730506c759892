// The ```js and ```ts blocks of the READMEs, each written out as a module for the consumer typecheck:
// a README's example must compile against the published types, with every name it uses declared.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@orientdb-edge/testkit';

const READMES = ['README.md', 'packages/client/README.md', 'packages/bridge/README.md'];

export interface CodeBlock {
  readme: string;
  /** The line of its opening fence (1-based): the block's line n is the README's line + n. */
  line: number;
  /** A file name for it: readme-packages-client-7.ts. */
  fileName: string;
  code: string;
}

export function readmeBlocks(): CodeBlock[] {
  return READMES.flatMap((readme) => {
    const lines = readFileSync(join(repoRoot, readme), 'utf8').split('\n');
    const blocks: CodeBlock[] = [];
    for (let i = 0; i < lines.length; i++) {
      const open = /^```(js|ts)\s*$/.exec(lines[i]!);
      if (!open) continue;
      const end = lines.findIndex((line, j) => j > i && line.startsWith('```'));
      if (end < 0) throw new Error(`${readme}:${i + 1}: a code block that never closes`);
      const slug = readme.replace(/README\.md$/, '').replace(/[/.]+/g, '-') || 'root-';
      blocks.push({
        readme,
        line: i + 1,
        fileName: `readme-${slug}${i + 1}.${open[1]}`,
        // `export {}` makes each block a module (top-level await, its own scope), as a page's script is.
        code: `${lines.slice(i + 1, end).join('\n')}\nexport {};\n`,
      });
      i = end;
    }
    return blocks;
  });
}
