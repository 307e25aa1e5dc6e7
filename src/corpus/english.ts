// English morphology the corpus needs beyond the lexicon's forms: the indefinite article.

/** "a" or "an" before a word, by its sound: an apple, an old dog, a university, an hour. */
export function indefiniteArticle(nextWord: string): "a" | "an" {
  const word = nextWord.toLowerCase();
  if (/^(uni|use|usu|eu|one)/.test(word)) return "a";
  if (/^(hour|honest|honou?r)/.test(word)) return "an";
  return /^[aeiou]/.test(word) ? "an" : "a";
}
