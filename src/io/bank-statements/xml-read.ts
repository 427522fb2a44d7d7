import { statementError } from "./build-statement.ts";

/**
 * A small, strict XML reader for bank statements: elements, attributes, text, CDATA, comments and
 * processing instructions, the five predefined entities and character references. A document
 * type declaration is refused outright: ISO 20022 messages never carry one, and it is the door to
 * external entities (XXE) and entity expansion ("billion laughs"). Namespace prefixes are
 * stripped from names (`ns2:Stmt` is `Stmt`); the root's namespace is kept for the caller.
 *
 * Hand-written rather than a library so that every error names its line, nothing is coerced
 * (`18.150` stays text), and undefined entities are errors instead of text passed through.
 */

export interface XmlElement {
  /** The local name, prefix stripped. */
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: XmlElement[];
  /** Character data directly inside the element, entities decoded, untrimmed. */
  text: string;
  readonly line: number;
}

export interface XmlDocument {
  readonly root: XmlElement;
  /** The namespace URI of the root element (`xmlns` or `xmlns:prefix` on the root), or null. */
  readonly namespace: string | null;
}

/** Nesting depth accepted; camt.053 needs about 12, and depth costs nothing but a stack entry. */
export const xmlDepthMax = 100;

const namePattern = /[A-Za-z_:\u00C0-\uFFFF][-.0-9A-Za-z_:\u00B7\u00C0-\uFFFF]*/y;
const whitespacePattern = /[ \t\r\n]*/y;
const entityReferenceLengthMax = 12;
const predefinedEntities: ReadonlyMap<string, string> = new Map([
  ["lt", "<"],
  ["gt", ">"],
  ["amp", "&"],
  ["quot", '"'],
  ["apos", "'"],
]);

function localName(qualified: string): string {
  const colon = qualified.indexOf(":");
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

/** XML 1.0 `Char`: what a character reference may name. */
function isXmlChar(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

export function readXml(text: string): XmlDocument {
  const lineStarts = [0];
  for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) lineStarts.push(at + 1);
  const lineAt = (position: number): number => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((lineStarts[middle] ?? 0) <= position) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
  const fail = (position: number, reason: string): never => {
    throw statementError(`the XML is not well-formed: line ${lineAt(position)}: ${reason}`);
  };

  const decode = (chunk: string, offset: number): string => {
    if (!chunk.includes("&")) return chunk;
    let out = "";
    let from = 0;
    for (let amp = chunk.indexOf("&"); amp >= 0; amp = chunk.indexOf("&", from)) {
      const semicolon = chunk.indexOf(";", amp);
      if (semicolon < 0 || semicolon - amp > entityReferenceLengthMax) {
        fail(offset + amp, "an & that does not start a reference such as &amp; (write & as &amp;)");
      }
      const reference = chunk.slice(amp + 1, semicolon);
      out += chunk.slice(from, amp) + referenceValue(reference, offset + amp);
      from = semicolon + 1;
    }
    return out + chunk.slice(from);
  };
  const referenceValue = (reference: string, position: number): string => {
    const predefined = predefinedEntities.get(reference);
    if (predefined !== undefined) return predefined;
    const numeric = /^#(?:([0-9]{1,7})|x([0-9A-Fa-f]{1,6}))$/.exec(reference);
    if (numeric === null) {
      return fail(
        position,
        `&${reference}; is not a predefined entity (only &lt; &gt; &amp; &quot; &apos; and character references are)`,
      );
    }
    const codePoint = numeric[1] === undefined ? Number.parseInt(numeric[2] ?? "", 16) : Number(numeric[1]);
    if (!isXmlChar(codePoint)) return fail(position, `&${reference}; is not a character XML allows`);
    return String.fromCodePoint(codePoint);
  };
  const readName = (position: number): string => {
    namePattern.lastIndex = position;
    const match = namePattern.exec(text);
    if (match === null) return fail(position, "a name was expected");
    return match[0];
  };
  const skipWhitespace = (position: number): number => {
    whitespacePattern.lastIndex = position;
    whitespacePattern.exec(text);
    return whitespacePattern.lastIndex;
  };

  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let namespace: string | null = null;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    const open = text.indexOf("<", i);
    const textEnd = open < 0 ? text.length : open;
    if (textEnd > i) {
      const chunk = text.slice(i, textEnd);
      const current = stack[stack.length - 1];
      if (current === undefined) {
        if (/[^ \t\r\n]/.test(chunk)) fail(i + chunk.search(/[^ \t\r\n]/), "text outside the root element");
      } else {
        current.text += decode(chunk, i);
      }
      i = textEnd;
      if (open < 0) break;
    }
    if (text.startsWith("<!--", i)) {
      const end = text.indexOf("-->", i + 4);
      if (end < 0) fail(i, "a comment is never closed (-->)");
      i = end + 3;
      continue;
    }
    if (text.startsWith("<![CDATA[", i)) {
      const current = stack[stack.length - 1];
      if (current === undefined) fail(i, "CDATA outside the root element");
      const end = text.indexOf("]]>", i + 9);
      if (end < 0) fail(i, "a CDATA section is never closed (]]>)");
      if (current !== undefined) current.text += text.slice(i + 9, end);
      i = end + 3;
      continue;
    }
    if (text.startsWith("<!", i)) {
      if (/^<!(DOCTYPE|ENTITY)/i.test(text.slice(i, i + 10))) {
        throw statementError(
          `line ${lineAt(i)}: the XML has a document type declaration (<!DOCTYPE or <!ENTITY>); bank statements never need one and it can pull in external files or expand without end (XXE), so such files are refused`,
        );
      }
      fail(i, "unexpected <! markup");
    }
    if (text.startsWith("<?", i)) {
      const end = text.indexOf("?>", i + 2);
      if (end < 0) fail(i, "a processing instruction is never closed (?>)");
      i = end + 2;
      continue;
    }
    if (text.startsWith("</", i)) {
      const name = readName(i + 2);
      const end = skipWhitespace(i + 2 + name.length);
      if (text[end] !== ">") fail(end, `> expected to close </${name}`);
      const current = stack.pop();
      if (current === undefined) return fail(i, `</${name}> closes nothing`);
      if (localName(name) !== current.name) {
        fail(i, `</${name}> closes <${current.name}>, which was opened at line ${current.line}`);
      }
      i = end + 1;
      continue;
    }

    const start = i;
    const qualifiedName = readName(i + 1);
    i += 1 + qualifiedName.length;
    const attributes = new Map<string, string>();
    let selfClosing = false;
    for (;;) {
      const afterSpace = skipWhitespace(i);
      if (text.startsWith("/>", afterSpace)) {
        selfClosing = true;
        i = afterSpace + 2;
        break;
      }
      if (text[afterSpace] === ">") {
        i = afterSpace + 1;
        break;
      }
      if (afterSpace === i) fail(i, `> or an attribute expected in <${qualifiedName}>`);
      const attribute = readName(afterSpace);
      let at = skipWhitespace(afterSpace + attribute.length);
      if (text[at] !== "=") fail(at, `= expected after the attribute ${attribute}`);
      at = skipWhitespace(at + 1);
      const quote = text[at];
      if (quote !== '"' && quote !== "'") return fail(at, `the value of ${attribute} must be in quotes`);
      const close = text.indexOf(quote, at + 1);
      if (close < 0) fail(at, `the value of ${attribute} is never closed`);
      const raw = text.slice(at + 1, close);
      if (raw.includes("<")) fail(at, `< inside the value of ${attribute}`);
      if (attributes.has(attribute)) fail(afterSpace, `the attribute ${attribute} is given twice`);
      attributes.set(attribute, decode(raw, at + 1).replace(/[\t\r\n]/g, " "));
      i = close + 1;
    }
    const element: XmlElement = {
      name: localName(qualifiedName),
      attributes,
      children: [],
      text: "",
      line: lineAt(start),
    };
    const parent = stack[stack.length - 1];
    if (parent === undefined) {
      if (root !== null) fail(start, `a second root element <${qualifiedName}> after <${root.name}>`);
      root = element;
      const colon = qualifiedName.indexOf(":");
      namespace =
        attributes.get(colon < 0 ? "xmlns" : `xmlns:${qualifiedName.slice(0, colon)}`)?.trim() || null;
    } else {
      parent.children.push(element);
    }
    if (!selfClosing) {
      stack.push(element);
      if (stack.length > xmlDepthMax) fail(start, `elements nested deeper than ${xmlDepthMax} levels`);
    }
  }
  const unclosed = stack[stack.length - 1];
  if (unclosed !== undefined) {
    fail(
      text.length,
      `<${unclosed.name}> opened at line ${unclosed.line} is never closed (the file is cut off?)`,
    );
  }
  if (root === null) return fail(0, "there is no XML element in the file");
  return { root, namespace };
}

export function childOf(element: XmlElement | null | undefined, name: string): XmlElement | undefined {
  return element?.children.find((child) => child.name === name);
}

export function childrenOf(element: XmlElement | null | undefined, name: string): XmlElement[] {
  return element === null || element === undefined
    ? []
    : element.children.filter((child) => child.name === name);
}

/** The element at a `/`-separated path of child names, taking the first match at each step. */
export function elementAt(element: XmlElement | null | undefined, path: string): XmlElement | undefined {
  let current: XmlElement | undefined = element ?? undefined;
  for (const name of path.split("/")) current = childOf(current, name);
  return current;
}

/** The trimmed text at a path; null when the element is missing or empty. */
export function textAt(element: XmlElement | null | undefined, path: string): string | null {
  const text = elementAt(element, path)?.text.trim();
  return text === undefined || text === "" ? null : text;
}
