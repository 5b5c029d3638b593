/**
 * China's unified social credit code (GB 32100-2015): 18 characters from a 31-character alphabet without
 * I, O, S, V and Z; the last is a check character computed from the first 17 with fixed weights (mod 31).
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters, or undefined when one is outside the alphabet. */
export function checkCharacter(body: string): string | undefined {
  let sum = 0;
  for (const [index, weight] of WEIGHTS.entries()) {
    const value = ALPHABET.indexOf(body[index] ?? '');
    if (value < 0) return undefined;
    sum += value * weight;
  }
  return ALPHABET[(31 - (sum % 31)) % 31];
}

/** Why a tax id is not a valid unified social credit code, or undefined when it is. */
export function taxIdProblem(taxId: string): string | undefined {
  const code = taxId.trim().toUpperCase();
  if (code.length !== 18) return `a unified social credit code has 18 characters, this one has ${code.length}`;
  const wrong = [...code].find((char) => !ALPHABET.includes(char));
  if (wrong) return `"${wrong}" cannot appear in a unified social credit code (letters I, O, S, V, Z are never used)`;
  const expected = checkCharacter(code.slice(0, 17));
  if (expected !== code[17]) return `the check character is wrong (the first 17 characters give "${expected}", not "${code[17]}"): please check the code for a typo`;
  return undefined;
}
