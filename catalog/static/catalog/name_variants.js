// Name variants: the script is read from the name as it is typed, and the
// language suggested from it (catalog/scripts.py does the same on save).
// A select the cataloguer changed by hand is left alone.
const RANGES = [
  ["Hang", /[\uAC00-\uD7AF\u1100-\u11FF\u3130-\u318F]/],
  ["Hira", /[\u3040-\u309F]/],
  ["Kana", /[\u30A0-\u30FF\u31F0-\u31FF\uFF66-\uFF9D]/],
  ["Hani", /[\u4E00-\u9FFF\u3400-\u4DBF\uF900-\uFAFF]/],
  ["Cyrl", /[\u0400-\u04FF]/],
  ["Latn", /\p{Script=Latin}/u],
];
const LANGUAGE = { Hang: "ko", Kore: "ko", Hira: "ja", Kana: "ja", Jpan: "ja", Cyrl: "ru" };

function detectScript(text) {
  const found = new Set();
  for (const char of text) {
    const hit = RANGES.find(([, pattern]) => pattern.test(char));
    if (hit) found.add(hit[0]);
  }
  const only = (...names) => [...found].every((s) => names.includes(s));
  if (!found.size) return "";
  if (found.size === 1) return [...found][0];
  if (only("Hira", "Kana")) return "Kana";
  if (only("Hani", "Hira", "Kana")) return "Jpan";
  if (only("Hani", "Hang")) return "Kore";
  const others = [...found].filter((s) => s !== "Latn");
  return others.length === 1 ? others[0] : "Latn";
}

document.addEventListener("change", (event) => {
  if (event.target.matches('select[name$="-script"], select[name$="-language"]')) {
    event.target.dataset.touched = "1";
  }
});

document.addEventListener("input", (event) => {
  const input = event.target;
  if (!input.matches('input[name$="-name"]')) return;
  const prefix = input.name.slice(0, -"name".length);
  const script = document.querySelector(`select[name="${prefix}script"]`);
  const language = document.querySelector(`select[name="${prefix}language"]`);
  if (!script) return;
  const detected = detectScript(input.value);
  if (!script.dataset.touched) script.value = detected;
  if (language && !language.dataset.touched) language.value = LANGUAGE[script.value] || "";
});
