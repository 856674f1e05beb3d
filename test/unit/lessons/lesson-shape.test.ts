import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * A lesson reads as a list of steps with their words: its defineLesson call stays short, and the work
 * of a step (cluster calls, timelines, tables) lives in named functions beside the lesson, not inline.
 */
const MAX_LESSON_LINES = 120;
const MAX_INLINE_FUNCTION_LINES = 12;

const root = join(import.meta.dirname, '..', '..', '..', 'lessons');
const lessonFiles = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory() && /^\d\d-/.test(d.name))
  .map((d) => join(d.name, 'lesson.ts'));

interface Shape {
  lessonLines: number;
  /** Inline function bodies in the lesson's steps, longer than allowed: `step N (kind) key: lines`. */
  longInline: string[];
}

const linesOf = (source: ts.SourceFile, node: ts.Node) =>
  source.getLineAndCharacterOfPosition(node.getEnd()).line - source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;

export function shapeOf(file: string, text: string): Shape {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  let call: ts.CallExpression | undefined;
  const find = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'defineLesson') call = node;
    else ts.forEachChild(node, find);
  };
  find(source);
  if (!call) throw new Error(`${file} has no defineLesson call`);
  const longInline: string[] = [];
  const visit = (node: ts.Node, where: string): void => {
    if (ts.isPropertyAssignment(node) && node.name.getText(source) === 'steps' && ts.isArrayLiteralExpression(node.initializer)) {
      node.initializer.elements.forEach((step, i) => visit(step, `step ${i + 1}`));
      return;
    }
    const here = ts.isPropertyAssignment(node) || ts.isMethodDeclaration(node) ? `${where} ${node.name.getText(source)}` : where;
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node)) {
      const n = linesOf(source, node);
      if (n > MAX_INLINE_FUNCTION_LINES) longInline.push(`${here}: ${n} lines`);
    }
    ts.forEachChild(node, (child) => visit(child, here));
  };
  ts.forEachChild(call, (child) => visit(child, 'defineLesson'));
  return { lessonLines: linesOf(source, call), longInline };
}

describe('every lesson reads as a list of steps', () => {
  it.each(lessonFiles)(`%s: defineLesson within ${MAX_LESSON_LINES} lines, no inline function over ${MAX_INLINE_FUNCTION_LINES} lines`, (file) => {
    const shape = shapeOf(file, readFileSync(join(root, file), 'utf8'));
    expect({ file, lines: shape.lessonLines <= MAX_LESSON_LINES ? 'ok' : `${shape.lessonLines} lines`, longInline: shape.longInline }).toEqual({ file, lines: 'ok', longInline: [] });
  });

  it('measures what it claims to', () => {
    const long = Array.from({ length: 13 }, (_, i) => `  const x${i} = ${i};`).join('\n');
    const shape = shapeOf('x.ts', `export default defineLesson({\n steps: [\n act({ say: 'x', async run(ctx) {\n${long}\n } }),\n ],\n});\n`);
    expect(shape.lessonLines).toBe(19);
    expect(shape.longInline).toEqual(['step 1 run: 15 lines']);
  });
});
