/**
 * The import boundaries of architecture.mjs hold: lint refuses an uphill
 * import between capability folders and an IO library or adapter in a pure
 * module, and lets the house's real files through. Runs ESLint in a child
 * process, since the configuration is an ES module.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

interface Verdict {
  file: string;
  messages: string[];
}

/** Lints each source text as if it were the given file under src/. */
function lint(files: Record<string, string>): Verdict[] {
  const script = `
    import { ESLint } from 'eslint';
    import tseslint from 'typescript-eslint';
    import { boundaries } from './architecture.mjs';
    const eslint = new ESLint({
      cwd: ${JSON.stringify(ROOT)},
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...boundaries()],
    });
    const files = JSON.parse(process.argv[1]);
    const out = [];
    for (const [file, text] of Object.entries(files)) {
      const [result] = await eslint.lintText(text, { filePath: file });
      out.push({ file, messages: result.messages.map((m) => m.message) });
    }
    process.stdout.write(JSON.stringify(out));
  `;
  const stdout = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', script, JSON.stringify(files)],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return JSON.parse(stdout) as Verdict[];
}

describe('import boundaries (architecture.mjs)', () => {
  it('refuses a folder importing one of its own layer or above, and allows downhill', () => {
    const [uphill, sameLayer, downhill, nested] = lint({
      'src/weibo/probe.ts': "import { PollService } from '../polling/poll.service';\n",
      'src/metrics/probe.ts': "import { x } from '../reclassification/reclassification-diff';\n",
      'src/polling/probe.ts': "import { cleanWeiboHtml } from '../weibo/weibo-text';\n",
      'src/cases/dto/probe.ts': "import { x } from '../../integrity/near-duplicates';\n",
    });
    expect(uphill.messages.join()).toMatch(/weibo\/ may import only folders below it/);
    expect(sameLayer.messages.join()).toMatch(/metrics\/ may import only folders below it/);
    expect(downhill.messages).toEqual([]);
    expect(nested.messages.join()).toMatch(/cases\/ may import only/);
  });

  it('keeps pure modules free of IO libraries and adapters, and lets adapters use them', () => {
    const [pureNest, pureDb, pureAdapter, adapter, spec] = lint({
      'src/cases/probe-clock.ts': "import { Injectable } from '@nestjs/common';\n",
      'src/metrics/probe-formula.ts': "import { readFileSync } from 'node:fs';\n",
      'src/cases/probe-view.ts': "import type { X } from './cases.repository';\n",
      'src/cases/probe.repository.ts':
        "import { Injectable } from '@nestjs/common';\nimport { Database } from '../database/database';\n",
      'src/cases/probe.spec.ts': "import { readFileSync } from 'node:fs';\n",
    });
    expect(pureNest.messages.join()).toMatch(/pure module imports no NestJS/);
    expect(pureDb.messages.join()).toMatch(/pure module imports no NestJS, TypeORM or IO/);
    expect(pureAdapter.messages.join()).toMatch(/pure module imports no adapter/);
    expect(adapter.messages).toEqual([]);
    expect(spec.messages).toEqual([]);
  });

  it('places every capability folder of src/ in a layer, so none escapes the rules', () => {
    const layered = JSON.parse(
      execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          "import { LAYERS } from './architecture.mjs'; process.stdout.write(JSON.stringify(LAYERS.flat()));",
        ],
        { cwd: ROOT, encoding: 'utf8' },
      ),
    ) as string[];
    const folders = readdirSync(join(ROOT, 'src'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(folders.filter((folder) => !layered.includes(folder))).toEqual([]);
    expect(new Set(layered).size).toBe(layered.length);
  });
});
