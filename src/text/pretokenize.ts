// A word-level pre-tokenizer in place of spaCy: split a sentence into words and punctuation,
// and join the pieces back with the spacing rules of ordinary German and English typesetting.
//
//   "Ich esse gern Pilze."        → Ich | esse | gern | Pilze | .
//   "I don't like the man's dog." → I | do | n't | like | the | man | 's | dog | .
//   „Komm mit!“, sagt sie.        → „ | Komm | mit | ! | “ | , | sagt | sie | .
//
// The rules:
// - Words are what lies between spaces; letters of any script (ä, ö, ü, ß, é, ...) stay in them.
// - Opening marks ( [ { „ “ " ‘... are split off the front of a word, closing marks and
//   . , ! ? : ; … ) ] } ” “ " off its end. What is inside stays: "E-Mail", "3,5", "10:30", "z.B".
// - A hyphen is part of the word: "well-known", "Haus-" (as in "Haus- und Gartenarbeit"); a dash
//   standing between spaces ("-", "–", "—") is a token of its own.
// - English clitics are split as the Penn Treebank does: n't 's 're 've 'll 'd 'm, after letters
//   ("don't" → do n't, "man's" → man 's; "geht's" → geht 's). Any other apostrophe stays inside
//   its word ("O'Brien", "dogs'"). Single quotation marks are not told from apostrophes.
// - detokenize puts a space between tokens except before a closing mark or clitic and after an
//   opening mark. A straight " opens at its 1st, 3rd, ... occurrence in the sentence and closes at
//   the 2nd, 4th, ...; “ closes after „ (German) and opens otherwise (English).
// The text is normalised to Unicode NFC first, so "u + combining diaeresis" becomes "ü".
//
// detokenize(pretokenize(s)) === s for text typeset by these rules with single spaces (a test
// checks the course's sentences), and pretokenize(detokenize(tokens)) reproduces the tokens.

export interface PretokenizerSettings {
  /** Split English clitics (n't, 's, ...) off the word before them. */
  splitClitics: boolean;
}

export const DEFAULT_PRETOKENIZER: PretokenizerSettings = {splitClitics: true};

const OPENING = new Set(["(", "[", "{", "„", "«", "¿", "¡"]);
const CLOSING = new Set([".", ",", "!", "?", ":", ";", "…", ")", "]", "}", "»", "”"]);
/** Quotation marks whose direction depends on the marks before them. */
const QUOTES = new Set(['"', "“"]);
const WORD_ONLY = /^[\p{L}\p{N}]+$/u;
const CLITIC = /^(.*\p{L})(n['’]t|['’](?:s|re|ve|ll|d|m))$/iu;

export function pretokenize(text: string, settings: PretokenizerSettings = DEFAULT_PRETOKENIZER): string[] {
  const tokens: string[] = [];
  for (const chunk of text.normalize("NFC").split(/\s+/u)) {
    if (chunk === "") continue;
    if (WORD_ONLY.test(chunk)) {
      tokens.push(chunk); // most words: nothing to split off (speed)
      continue;
    }
    const chars = Array.from(chunk);
    let start = 0;
    let end = chars.length;
    while (start < end && (OPENING.has(chars[start]) || QUOTES.has(chars[start]))) start++;
    while (end > start && (CLOSING.has(chars[end - 1]) || QUOTES.has(chars[end - 1]))) end--;
    tokens.push(...chars.slice(0, start));
    if (start < end) tokens.push(...splitClitic(chars.slice(start, end).join(""), settings));
    tokens.push(...chars.slice(end));
  }
  return tokens;
}

function splitClitic(word: string, settings: PretokenizerSettings): string[] {
  const match = settings.splitClitics ? CLITIC.exec(word) : null;
  return match ? [match[1], match[2]] : [word];
}

export function detokenize(tokens: readonly string[]): string {
  let text = "";
  let glueNext = true; // no space before the first token, nor after an opening mark
  let straightQuotes = 0;
  let lowQuoteOpen = false; // a German „ waits for its “
  for (const token of tokens) {
    let opens = OPENING.has(token);
    let closes = CLOSING.has(token) || /^(?:n['’]t|['’](?:s|re|ve|ll|d|m))$/iu.test(token);
    if (token === '"') {
      opens = straightQuotes % 2 === 0;
      closes = !opens;
      straightQuotes++;
    } else if (token === "“") {
      closes = lowQuoteOpen;
      opens = !closes;
      lowQuoteOpen = false;
    } else if (token === "„") {
      lowQuoteOpen = true;
    }
    if (!(glueNext || closes)) text += " ";
    text += token;
    glueNext = opens;
  }
  return text;
}
