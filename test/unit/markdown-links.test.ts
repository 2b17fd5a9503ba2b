import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The repository stands alone: every relative link in its Markdown files leads to a file inside
 * it, and a link to a heading leads to a heading that exists (GitHub's anchor rules). A link out
 * of the repository, to a file that was renamed, or to a section that was retitled fails here.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const markdownFiles = (): string[] =>
  execFileSync('git', ['ls-files', '-z', '--', '*.md'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file !== '' && existsSync(join(ROOT, file)));

/** Text outside fenced code blocks and inline code, where links are links. */
const prose = (markdown: string): string =>
  markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '')
    .replace(/(`+)(?:[^\n]|\n(?!\s*\n))*?\1/g, '');

const linkTargets = (markdown: string): string[] => {
  const text = prose(markdown);
  const inline = [...text.matchAll(/\]\(\s*(?:<([^>]+)>|([^)\s]+))(?:\s+"[^"]*")?\s*\)/g)];
  const definitions = [...text.matchAll(/^ {0,3}\[[^\]]+\]:\s*(?:<([^>]+)>|(\S+))/gm)];
  return [...inline, ...definitions].map((match) => match[1] ?? match[2] ?? '');
};

/** GitHub's heading anchors: lowercase, punctuation dropped, spaces to dashes, repeats numbered. */
const headingAnchors = (markdown: string): Set<string> => {
  const anchors = new Set<string>();
  const counts = new Map<string, number>();
  for (const [, heading = ''] of prose(markdown.replace(/`([^`\n]*)`/g, '$1')).matchAll(
    /^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$/gm,
  )) {
    const text = heading.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, '');
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
      .replace(/ /g, '-');
    const seen = counts.get(slug) ?? 0;
    anchors.add(seen === 0 ? slug : `${slug}-${seen}`);
    counts.set(slug, seen + 1);
  }
  return anchors;
};

/** What is wrong with one link of `file`, or undefined when it resolves inside the repository. */
const problemWith = (file: string, target: string): string | undefined => {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) return undefined;
  const [pathPart = '', fragment] = target.split('#', 2);
  const path = decodeURIComponent(pathPart);
  if (isAbsolute(path)) return 'is an absolute path';
  const resolved = path === '' ? join(ROOT, file) : resolve(ROOT, dirname(file), path);
  const inside = relative(ROOT, resolved);
  if (inside.startsWith('..') || isAbsolute(inside)) return 'leads outside the repository';
  if (!existsSync(resolved)) return 'leads to no file';
  if (fragment === undefined || fragment === '' || !resolved.endsWith('.md')) return undefined;
  if (statSync(resolved).isDirectory()) return undefined;
  const anchors = headingAnchors(readFileSync(resolved, 'utf8'));
  return anchors.has(decodeURIComponent(fragment)) ? undefined : `has no heading #${fragment}`;
};

const problemsIn = (file: string, markdown: string): string[] =>
  linkTargets(markdown).flatMap((target) => {
    const problem = problemWith(file, target);
    return problem === undefined ? [] : [`${file}: ${target} ${problem}`];
  });

describe('Markdown links', () => {
  it('finds links, code excluded, and computes GitHub anchors', () => {
    const sample = [
      '# Title: `code` here',
      'See [a](docs/a.md#x), [b](<b c.md> "t") and [site](https://example.com).',
      '`[not](a-link.md)`',
      '```',
      '[also not](fenced.md)',
      '```',
      '[ref]: ../outside.md',
      '## Title: code here',
    ].join('\n');
    expect(linkTargets(sample)).toEqual([
      'docs/a.md#x',
      'b c.md',
      'https://example.com',
      '../outside.md',
    ]);
    expect([...headingAnchors(sample)]).toEqual(['title-code-here', 'title-code-here-1']);
    expect(problemsIn('README.md', '[x](../shared/design.md) [y](docs/none.md)')).toHaveLength(2);
    expect(problemsIn('README.md', '[z](docs/api.md#no-such-heading)')).toHaveLength(1);
  });

  it('every relative link in every tracked Markdown file resolves inside the repository', () => {
    const files = markdownFiles();
    expect(files).toContain('README.md');
    const problems = files.flatMap((file) =>
      problemsIn(file, readFileSync(join(ROOT, file), 'utf8')),
    );
    expect(problems).toEqual([]);
  });
});
