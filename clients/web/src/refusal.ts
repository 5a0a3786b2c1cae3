// What a refusal's ErrorInfo metadata adds to its reason's text, pure (tested in Node): a wait
// (`retry_after_seconds`), or the server that leads the writes (`leader`, with NOT_LEADER: the
// console does not follow it by itself, so the clerk is told where to go).

export function withMetadata(
  text: string,
  metadata: Record<string, string>,
  lang: "zh" | "en",
): string {
  const t = (zh: string, en: string) => (lang === "zh" ? zh : en);
  const wait = metadata["retry_after_seconds"];
  if (wait) return `${text}（${t(`${wait} 秒后`, `in ${wait} s`)}）`;
  const leader = metadata["leader"];
  if (leader) return lang === "zh" ? `${text}（主服务器：${leader}）` : `${text} (leading server: ${leader})`;
  return text;
}
