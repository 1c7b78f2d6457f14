import 'reflect-metadata';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GATEWAY_OPTIONS, MESSAGE_MAPPING_METADATA, MESSAGE_METADATA } from '@nestjs/websockets/constants.js';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { AudioBridgeGateway } from '../../src/audiobridge/audiobridge.gateway.js';
import { EchoTestGateway } from '../../src/echotest/echotest.gateway.js';
import { BACKEND_FAILURE, HANDLE_NOT_AVAILABLE, SESSION_NOT_AVAILABLE } from '../../src/errors/index.js';
import { replyMetadataOf, SIGNALING_ERROR_CODES, TOKEN_EXPIRED } from '../../src/signaling/index.js';
import { StreamingGateway } from '../../src/streaming/streaming.gateway.js';
import { TextRoomGateway } from '../../src/textroom/textroom.gateway.js';
import { VideoRoomGateway } from '../../src/videoroom/videoroom.gateway.js';

/**
 * docs/PROTOCOL.md is the contract front-ends are written against: every event the gateways handle or send, and
 * every error code, must be in it. The handled events come from Nest's metadata on the gateway classes (what Nest
 * actually routes); the sent ones from the TypeScript sources (every `sendReply`/`push` call and every handler's
 * `@Reply(event)` decorator, its event name's type read by the type checker, so `push(socket, event.type, ...)`
 * counts each literal of the union).
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const DOC_PATH = join(root, 'docs', 'PROTOCOL.md');
/** The sources that talk socket.io: the shared signaling layer and the two gateways. */
const SOCKET_DIRS = [
  'src/signaling',
  'src/echotest',
  'src/videoroom',
  'src/textroom',
  'src/audiobridge',
  'src/streaming',
];
/** The one file allowed to call `socket.emit` (everything else goes through its helpers). */
const ENVELOPE = 'src/signaling/envelope.ts';
/** The helpers that send an event, and the index of their event-name argument. */
const SENDERS: Readonly<Record<string, number>> = { sendReply: 1, push: 1 };
/** The handler decorators whose event (the handler's reply) the signaling adapter sends, and its index. */
const REPLY_DECORATORS: Readonly<Record<string, number>> = { Reply: 0 };

const GATEWAYS = [
  { gateway: EchoTestGateway, file: 'src/echotest/echotest.gateway.ts' },
  { gateway: VideoRoomGateway, file: 'src/videoroom/videoroom.gateway.ts' },
  { gateway: TextRoomGateway, file: 'src/textroom/textroom.gateway.ts' },
  { gateway: AudioBridgeGateway, file: 'src/audiobridge/audiobridge.gateway.ts' },
  { gateway: StreamingGateway, file: 'src/streaming/streaming.gateway.ts' },
];

// ---- the document ---------------------------------------------------------------------------------------------

interface Section {
  heading: string;
  text: string;
}

/** The level-2 sections of a Markdown document (their subsections included). */
function sections(markdown: string): Section[] {
  const found: Section[] = [];
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    if (!inFence && line.startsWith('## ')) found.push({ heading: line.slice(3), text: '' });
    else if (found.length > 0) found[found.length - 1].text += `${line}\n`;
  }
  return found;
}

/** The rows of every table in `text` whose header's first cell is `firstHeader`, as arrays of cells. */
function tableRows(text: string, firstHeader: string): string[][] {
  const rows: string[][] = [];
  let header: string | undefined;
  for (const line of text.split('\n')) {
    if (!line.startsWith('|')) {
      header = undefined;
      continue;
    }
    // `\|` inside a cell is a literal bar, not a separator.
    const cells = line
      .replace(/\\\|/g, '\uE000')
      .split('|')
      .slice(1, -1)
      .map((c) => c.replace(/\uE000/g, '|').trim());
    if (header === undefined) header = cells[0];
    else if (!/^-+$/.test(cells[0] ?? '') && header === firstHeader) rows.push(cells);
  }
  return rows;
}

/** The names in the first cell of a table row: `` `a` `` or `` `a` / `b` ``. */
function namesIn(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
}

/** Every `` `name` `` in a text. */
function backticked(text: string): Set<string> {
  return new Set([...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]));
}

// ---- the code -------------------------------------------------------------------------------------------------

/** The handlers Nest routes to in a gateway class (its `@SubscribeMessage` methods, inherited ones too). */
function handlers(gateway: abstract new (...args: never[]) => object): Array<{ event: string; method: object }> {
  const found: Array<{ event: string; method: object }> = [];
  for (let proto: object | null = gateway.prototype; proto && proto !== Object.prototype;) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      const method = Object.getOwnPropertyDescriptor(proto, key)?.value as unknown;
      if (typeof method !== 'function' || !Reflect.getMetadata(MESSAGE_MAPPING_METADATA, method)) continue;
      found.push({ event: Reflect.getMetadata(MESSAGE_METADATA, method) as string, method });
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return found;
}

/** The events Nest routes to a gateway class. */
function handledEvents(gateway: abstract new (...args: never[]) => object): string[] {
  return handlers(gateway).map((h) => h.event);
}

function namespaceOf(gateway: abstract new (...args: never[]) => object): string {
  return (Reflect.getMetadata(GATEWAY_OPTIONS, gateway) as { namespace: string }).namespace;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(root, dir, f));
}

/** An event name, or why it cannot be known from the source. */
type EventName = { name: string } | { problem: string };

interface SourceEvents {
  /** Event names each file sends, by path relative to the repository. */
  sent: Map<string, Set<string>>;
  /** The error event each gateway file passes to `super(...)`. */
  errorEvents: Map<string, string>;
  /** Calls whose event name is not a string literal (or a union of them), and direct `emit` calls. */
  problems: string[];
}

/** The string literals a value's type can be (`'a'`, `'a' | 'b'`), or undefined when it is wider. */
function literalsOf(type: ts.Type): string[] | undefined {
  const parts = type.isUnion() ? type.types : [type];
  const literals = parts.filter((t): t is ts.StringLiteralType => t.isStringLiteral());
  return literals.length === parts.length ? literals.map((t) => t.value) : undefined;
}

function readSourceEvents(): SourceEvents {
  const files = SOCKET_DIRS.flatMap(sourceFiles);
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('tsconfig.json did not parse');
  const program = ts.createProgram(files, { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const result: SourceEvents = { sent: new Map(), errorEvents: new Map(), problems: [] };

  for (const file of files) {
    const source = program.getSourceFile(file)!;
    const path = relative(root, file);
    const sent = new Set<string>();
    result.sent.set(path, sent);
    const where = (node: ts.Node): string =>
      `${path}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;

    const eventName = (arg: ts.Expression | undefined, call: ts.CallExpression): EventName[] => {
      if (!arg) return [{ problem: `${where(call)}: no event name` }];
      const literals = literalsOf(checker.getTypeAtLocation(arg));
      if (literals) return literals.map((name) => ({ name }));
      // A wrapper that forwards its own `event` parameter (HandleRelay.push): its callers are read instead.
      const fn = ts.findAncestor(call, ts.isFunctionLike);
      if (ts.isIdentifier(arg) && fn?.parameters.some((p) => p.name.getText() === arg.text)) return [];
      return [{ problem: `${where(call)}: event name \`${arg.getText()}\` is not a string literal` }];
    };

    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        let names: EventName[] = [];
        if (ts.isIdentifier(callee) && callee.text in SENDERS) {
          names = eventName(node.arguments[SENDERS[callee.text]], node);
        } else if (ts.isIdentifier(callee) && callee.text in REPLY_DECORATORS && ts.isDecorator(node.parent)) {
          names = eventName(node.arguments[REPLY_DECORATORS[callee.text]], node);
        } else if (
          ts.isPropertyAccessExpression(callee) &&
          callee.expression.kind === ts.SyntaxKind.ThisKeyword &&
          callee.name.text === 'push' &&
          ts.findAncestor(node, ts.isClassDeclaration)?.name?.text === 'HandleRelay'
        ) {
          // HandleRelay's own `push(event, data)`, which adds the feed and calls the envelope's `push`.
          names = eventName(node.arguments[0], node);
        } else if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'emit' && path !== ENVELOPE) {
          result.problems.push(`${where(node)}: emits directly; use sendReply/push/sendError of ${ENVELOPE}`);
        } else if (callee.kind === ts.SyntaxKind.SuperKeyword) {
          const last = node.arguments[node.arguments.length - 1];
          const literals = last && literalsOf(checker.getTypeAtLocation(last));
          if (literals?.length === 1) result.errorEvents.set(path, literals[0]);
        }
        for (const n of names) {
          if ('name' in n) sent.add(n.name);
          else result.problems.push(n.problem);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return result;
}

// ---- the checks -----------------------------------------------------------------------------------------------

describe('docs/PROTOCOL.md documents the protocol the gateways implement', () => {
  const doc = readFileSync(DOC_PATH, 'utf8');
  const docSections = sections(doc);
  let code: SourceEvents;

  /** The level-2 section whose heading contains `words`. */
  function section(words: string): Section {
    const found = docSections.find((s) => s.heading.includes(words));
    if (!found) throw new Error(`docs/PROTOCOL.md has no section "## ...${words}..."`);
    return found;
  }
  const sharedSection = (): Section => section('Events on both namespaces');

  beforeAll(() => {
    code = readSourceEvents();
  }, 60_000);

  it('finds the events in the sources (every sent event name is a literal, nothing emits around the envelope)', () => {
    expect(code.problems).toEqual([]);
    // The reading itself works: known events of each kind are found.
    expect(code.sent.get('src/echotest/echotest.gateway.ts')).toContain('ready');
    expect(code.sent.get('src/videoroom/videoroom.gateway.ts')).toContain('joined');
    expect(code.sent.get('src/videoroom/videoroom.gateway.ts')).toContain('leaving');
    expect(code.sent.get('src/signaling/handle-relay.ts')).toContain('ice-failed');
    expect(code.sent.get('src/signaling/signaling.gateway.ts')).toContain('server-shutdown');
  });

  describe.each(GATEWAYS)('$file', ({ gateway, file }) => {
    const namespace = namespaceOf(gateway);

    it('documents every event the gateway handles, in its namespace section, and no other', () => {
      const handled = handledEvents(gateway).sort();
      expect(handled.length).toBeGreaterThan(0);
      const rows = tableRows(section(`(\`${namespace}\`)`).text, 'client sends');
      const documented = rows.flatMap((cells) => namesIn(cells[0] ?? '')).sort();
      expect(documented).toEqual(handled);
    });

    it('answers every event it handles through @Reply or @AckOnly, whose reply events the source reading finds', () => {
      const sent = code.sent.get(file) ?? new Set<string>();
      const unanswered = handlers(gateway)
        .filter(({ method }) => !replyMetadataOf(method))
        .map((h) => h.event);
      expect(unanswered).toEqual([]);
      const replies = handlers(gateway).flatMap(({ method }) => replyMetadataOf(method)?.event ?? []);
      expect(replies.length).toBeGreaterThan(0);
      expect(replies.filter((event) => !sent.has(event))).toEqual([]);
    });

    it('documents every event the gateway sends (replies, pushed events, its error event)', () => {
      const words = backticked(section(`(\`${namespace}\`)`).text);
      const sent = [...(code.sent.get(file) ?? [])];
      expect(sent.length).toBeGreaterThan(0);
      const errorEvent = code.errorEvents.get(file) ?? '(none found)';
      expect(errorEvent).toMatch(/-error$/);
      expect([...sent, errorEvent].filter((name) => !words.has(name))).toEqual([]);
    });
  });

  it('documents the events every namespace sends (shutdown, WebRTC events of a handle) in the shared section', () => {
    const words = backticked(sharedSection().text);
    const gatewayFiles = new Set(GATEWAYS.map((g) => g.file));
    const shared = [...code.sent].filter(([file]) => !gatewayFiles.has(file)).flatMap(([, names]) => [...names]);
    expect(shared).toEqual(expect.arrayContaining(['server-shutdown', 'webrtcup', 'trickle']));
    expect(shared.filter((name) => !words.has(name))).toEqual([]);
  });

  it('documents the error strings clients match on', () => {
    const shared = sharedSection().text;
    for (const text of [BACKEND_FAILURE, SESSION_NOT_AVAILABLE, TOKEN_EXPIRED]) expect(shared).toContain(text);
    expect(section('Error codes').text).toContain(`\`${HANDLE_NOT_AVAILABLE}\``);
  });

  it('has every error code in its code table, and no other', () => {
    const rows = tableRows(section('Error codes').text, 'code');
    expect(rows.flatMap((cells) => namesIn(cells[0] ?? '')).sort()).toEqual([...SIGNALING_ERROR_CODES].sort());
  });
});

/** GitHub's anchor for a heading: lower case, punctuation dropped (but `-` and `_`), spaces as `-`. */
function anchorOf(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

describe('links of the documentation stay inside the repository', () => {
  const docs = ['README.md', 'docs/PROTOCOL.md', 'docs/DEPLOYMENT.md'];

  it.each(docs)('%s: every relative link names a file of the repository, and a heading of it when it has #', (doc) => {
    const text = readFileSync(join(root, doc), 'utf8').replace(/```[\s\S]*?```/g, '');
    const broken: string[] = [];
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target)) continue;
      const [path, anchor] = target.split('#') as [string, string | undefined];
      const file = path ? join(root, dirname(doc), path) : join(root, doc);
      if (!relative(root, file) || relative(root, file).startsWith('..') || !existsSync(file)) {
        broken.push(target);
        continue;
      }
      if (anchor === undefined) continue;
      const headings = readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => /^#{1,6} /.test(line))
        .map((line) => anchorOf(line.replace(/^#+ /, '')));
      if (!headings.includes(anchor)) broken.push(target);
    }
    expect(broken).toEqual([]);
  });
});
