/**
 * Latin letters that NFKD leaves whole (no base letter + combining mark), spelled in ASCII.
 * Keys are lower case: folding lower-cases before it looks them up.
 */
// prettier-ignore
const UNDECOMPOSED_LATIN: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i',
  ħ: 'h', ŧ: 't', ŋ: 'ng', ĸ: 'k', ə: 'e', ǝ: 'e', ɛ: 'e', ɔ: 'o', ƒ: 'f',
  ƀ: 'b', ɓ: 'b', ƈ: 'c', ȼ: 'c', ɗ: 'd', ɖ: 'd', ɇ: 'e', ɠ: 'g', ǥ: 'g',
  ɦ: 'h', ɨ: 'i', ɉ: 'j', ƙ: 'k', ƚ: 'l', ɲ: 'n', ƞ: 'n', ɵ: 'o', ƥ: 'p',
  ɋ: 'q', ɍ: 'r', ʂ: 's', ƭ: 't', ʈ: 't', ʉ: 'u', ʋ: 'v', ƴ: 'y', ɏ: 'y',
  ƶ: 'z', ȥ: 'z', ʒ: 'z',
};

const COMBINING_MARKS = /\p{M}/gu;
const UNDECOMPOSED = new RegExp(`[${Object.keys(UNDECOMPOSED_LATIN).join('')}]`, 'gu');

/**
 * Folds Latin text to lower-case ASCII where it can (é→e, ß→ss, Ł→l, ﬁ→fi, Ａ→a).
 * Characters of other scripts, punctuation and symbols pass through unchanged.
 */
export function foldLatin(text: string): string {
  // NFKD twice: lower-casing can yield a decomposable letter (İ → i + U+0307), and
  // compatibility forms can yield upper case (ℌ → H).
  return text
    .normalize('NFKD')
    .toLowerCase()
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .replace(UNDECOMPOSED, (letter) => UNDECOMPOSED_LATIN[letter]);
}
