// Reads the repository's own files for the static tests: the ASL, the SAM template (with
// CloudFormation's short-form intrinsics), and the Java sources the ASL and template name.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const STATEMACHINES = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const REPOSITORY = join(STATEMACHINES, '..');
export const ASL_PATH = join(STATEMACHINES, 'alert-lifecycle.asl.json');
export const TEMPLATE_PATH = join(REPOSITORY, 'sam', 'template.yaml');

export function aslText() {
  return readFileSync(ASL_PATH, 'utf8');
}

export function asl() {
  return JSON.parse(aslText());
}

const INTRINSICS = ['Ref', 'GetAtt', 'Sub', 'If', 'Equals', 'Or', 'And', 'Not', 'Condition', 'Join', 'Select',
  'Split', 'FindInMap', 'Base64', 'Cidr', 'ImportValue', 'GetAZs'];

/** CloudFormation's short forms (!Ref x, !GetAtt a.b …) read as their long forms. */
const CLOUDFORMATION_TAGS = INTRINSICS.flatMap((name) => {
  const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
  return [
    { tag: `!${name}`, resolve: (text) => ({ [key]: name === 'GetAtt' ? text.split(/\.(.*)/s, 2) : text }) },
    { tag: `!${name}`, collection: 'seq', resolve: (seq) => ({ [key]: seq.toJSON() }) },
    { tag: `!${name}`, collection: 'map', resolve: (map) => ({ [key]: map.toJSON() }) },
  ];
});

export function templateText() {
  return readFileSync(TEMPLATE_PATH, 'utf8');
}

export function template() {
  return parse(templateText(), { customTags: CLOUDFORMATION_TAGS });
}

/** Every source file under src/main/java of every module, by path relative to the repository. */
export function javaSources() {
  const found = [];
  const walk = (dir, depth) => {
    if (depth > 3) {
      return;
    }
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || ['node_modules', 'target', '.git'].includes(entry.name) || entry.name.startsWith('.')) {
        continue;
      }
      const path = join(dir, entry.name);
      const sources = join(path, 'src', 'main', 'java');
      if (existsSync(sources)) {
        found.push(sources);
      }
      walk(path, depth + 1);
    }
  };
  walk(REPOSITORY, 0);
  return found;
}

/**
 * Where a class named by its binary name (as a Java Lambda reports errorType: a.b.Outer$Inner)
 * is declared, or null.
 */
export function findJavaClass(binaryName) {
  const [outer, ...nested] = binaryName.split('$');
  const relative = `${outer.replaceAll('.', '/')}.java`;
  for (const root of javaSources()) {
    const file = join(root, relative);
    if (!existsSync(file)) {
      continue;
    }
    const text = readFileSync(file, 'utf8');
    const simple = nested.at(-1) ?? outer.split('.').at(-1);
    const declared = new RegExp(`\\b(class|record|interface|enum)\\s+${simple}\\b`).test(text);
    return declared ? { file, text, simple } : null;
  }
  return null;
}

/** The Maven module (path relative to the repository) whose sources declare a class, or null. */
export function javaModuleOf(binaryName) {
  const found = findJavaClass(binaryName);
  return found ? relative(REPOSITORY, found.file).split(/src[\\/]main[\\/]java/)[0].replace(/[\\/]$/, '') : null;
}

/** The constants of a Java enum, read from its source. */
export function javaEnumConstants(binaryName) {
  const found = findJavaClass(binaryName);
  if (!found) {
    throw new Error(`no source for ${binaryName}`);
  }
  const body = found.text.slice(found.text.indexOf('{', found.text.indexOf(`enum ${found.simple}`)) + 1);
  const constants = body.slice(0, body.search(/;|\}/)).replace(/\([^)]*\)/g, '');
  return constants.split(',').map((c) => c.trim()).filter((c) => /^[A-Z][A-Z0-9_]*$/.test(c));
}

/** The component names of a Java record, read from its source. */
export function javaRecordComponents(binaryName) {
  const found = findJavaClass(binaryName);
  if (!found) {
    throw new Error(`no source for ${binaryName}`);
  }
  const start = found.text.indexOf('(', found.text.indexOf(`record ${found.simple}`));
  let depth = 0;
  let end = start;
  for (; end < found.text.length; end++) {
    if (found.text[end] === '(') depth++;
    if (found.text[end] === ')' && --depth === 0) break;
  }
  return found.text.slice(start + 1, end)
    .replace(/@\w+(\([^)]*\))?/g, '')
    .replace(/<[^<>]*>/g, '')
    .split(',')
    .map((p) => p.trim().split(/\s+/).at(-1))
    .filter(Boolean);
}
