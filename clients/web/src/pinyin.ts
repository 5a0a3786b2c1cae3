// Finding an account the way clerks do (bookkeeping-forms.md): by code (`102`), by a piece of its
// name (`银行`), or by the 拼音首字母 of its name (`yhck` → 银行存款). A character read more ways
// than one matches each reading's initial.

import { INITIALS } from "./pinyin-initials";

const initialsOf = new Map<string, string>();
for (const [letter, chars] of Object.entries(INITIALS)) {
  for (const c of chars) initialsOf.set(c, (initialsOf.get(c) ?? "") + letter);
}

/** Whether `letters` (lower-case a–z) are the initials of the start of `name`, or of any run of
 * its characters (`ck` finds 银行存款). */
function initialsMatch(name: string, letters: string): boolean {
  const chars = [...name].filter((c) => initialsOf.has(c) || /[a-z0-9]/i.test(c));
  for (let start = 0; start + letters.length <= chars.length; start++) {
    let ok = true;
    for (let i = 0; i < letters.length && ok; i++) {
      const c = chars[start + i];
      ok = (initialsOf.get(c) ?? c.toLowerCase()).includes(letters[i]);
    }
    if (ok) return true;
  }
  return false;
}

/** How well an account matches what was typed: 0 not at all; higher is better (an exact code
 * first, then a code prefix, then the initials or a piece of the name). */
export function accountScore(code: string, name: string, query: string): number {
  const q = query.trim().toLowerCase();
  if (!q) return 1;
  if (code === q) return 5;
  if (code.startsWith(q)) return 4;
  if (/^[a-z]+$/.test(q) && initialsMatch(name, q)) return name.length < 12 ? 3 : 2;
  if (name.includes(query.trim())) return 2;
  return 0;
}
