// The indexing workbench: the player beside the segments and the timed
// transcript. Each segment and cue is saved on its own through the JSON
// answers of testimony/workbench/views.py; unsaved drafts of other segments
// stay in memory while one is saved.
import { formatTime, parseTime } from "./timecodes.js";

const root = document.getElementById("workbench");
const media = document.getElementById("wb-media");
const editor = document.getElementById("wb-editor");
const cueEditor = document.getElementById("wb-cue-editor");
const segmentList = document.getElementById("wb-segments");
const cueList = document.getElementById("wb-cues");
const mayChange = root.dataset.mayChange === "1";
const base = root.dataset.base;
const csrf = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/)?.[1] || "";

const segments = new Map(); // id -> saved row, as the server sent it
const drafts = new Map(); // id -> unsaved form state
let current = null; // id of the segment in the editor ("new-N" before its first save)
let currentCue = null;
let newCount = 0;

for (const row of JSON.parse(document.getElementById("wb-segment-data").textContent)) {
  segments.set(String(row.id), row);
}

// --- talking to the server -------------------------------------------------

async function send(url, method, body) {
  const options = { method, headers: { "X-CSRFToken": csrf }, credentials: "same-origin" };
  if (body instanceof FormData) options.body = body;
  else if (body !== undefined) {
    options.body = JSON.stringify(body);
    options.headers["Content-Type"] = "application/json";
  }
  const response = await fetch(url, options);
  let data = {};
  try {
    data = await response.json();
  } catch {
    data = { errors: { __all__: [`${response.status} ${response.statusText}`] } };
  }
  return { ok: response.ok, status: response.status, data };
}

function showErrors(form, errors) {
  for (const p of form.querySelectorAll(".wb-error")) {
    p.textContent = "";
    p.previousElementSibling?.classList?.remove("wb-invalid");
  }
  let first = null;
  for (const [field, messages] of Object.entries(errors || {})) {
    const p = form.querySelector(`[data-error-for="${field}"]`) ||
      form.querySelector('[data-error-for="__all__"]');
    p.textContent = messages.join(" ");
    const input = form.querySelector(`[name="${field}"]`) ||
      form.querySelector(`[data-kind="${field}"] input`);
    input?.setAttribute("aria-invalid", "true");
    first = first || input || p;
  }
  for (const input of form.querySelectorAll("[aria-invalid]")) {
    if (!errors || !(input.name in errors)) input.removeAttribute("aria-invalid");
  }
  if (first) {
    first.scrollIntoView({ block: "nearest" });
    if (first.focus) first.focus();
  }
}

function status(form, text) {
  form.querySelector(".wb-status").textContent = text;
}

// --- the player ------------------------------------------------------------

function seek(seconds, play = true) {
  media.currentTime = seconds;
  if (play) media.play().catch(() => {});
}

const actions = {
  toggle: () => (media.paused ? media.play().catch(() => {}) : media.pause()),
  back: () => (media.currentTime = Math.max(0, media.currentTime - 5)),
  slower: () => setRate(media.playbackRate - 0.25),
  faster: () => setRate(media.playbackRate + 0.25),
  capture: () => capture(),
};

function setRate(rate) {
  media.playbackRate = Math.min(3, Math.max(0.5, rate));
  document.getElementById("wb-rate").textContent = media.playbackRate.toFixed(2);
}

function highlight(list, time) {
  if (!list) return;
  let found = null;
  for (const li of list.children) {
    const inside = time >= Number(li.dataset.start) && time < Number(li.dataset.end);
    li.classList.toggle("wb-playing", inside);
    if (inside && !found) found = li;
  }
  if (found && !media.paused) found.scrollIntoView({ block: "nearest" });
}

media.addEventListener("timeupdate", () => {
  document.getElementById("wb-time").textContent = formatTime(media.currentTime);
  highlight(segmentList, media.currentTime);
  highlight(cueList, media.currentTime);
});

// --- segments --------------------------------------------------------------

function formState() {
  const value = (name) => editor.elements[name].value;
  const tags = {};
  for (const box of editor.querySelectorAll(".wb-tags")) {
    tags[box.dataset.kind] = [...box.querySelectorAll(".wb-chips li")].map((li) => ({
      id: Number(li.dataset.id),
      label: li.dataset.label,
    }));
  }
  return {
    start: value("start"),
    end: value("end"),
    title: value("title"),
    synopsis: value("synopsis"),
    transcript_excerpt: value("transcript_excerpt"),
    keywords: value("keywords"),
    is_closed: editor.elements.is_closed.checked,
    closed_reason: value("closed_reason"),
    ...tags,
  };
}

function stateOf(row) {
  return {
    start: row.start_tc || "",
    end: row.ends_at_next ? "" : row.end_tc || "",
    title: row.title || "",
    synopsis: row.synopsis || "",
    transcript_excerpt: row.transcript_excerpt || "",
    keywords: (row.keywords || []).join(", "),
    is_closed: !!row.is_closed,
    closed_reason: row.closed_reason || "",
    subjects: row.subjects || [],
    places: row.places || [],
    people: row.people || [],
  };
}

function fill(state) {
  for (const name of ["start", "end", "title", "synopsis", "transcript_excerpt", "keywords", "closed_reason"]) {
    editor.elements[name].value = state[name];
  }
  editor.elements.is_closed.checked = state.is_closed;
  for (const box of editor.querySelectorAll(".wb-tags")) {
    const chips = box.querySelector(".wb-chips");
    chips.replaceChildren();
    for (const tag of state[box.dataset.kind]) addChip(box, tag);
  }
}

function keepDraft() {
  if (current === null) return;
  const state = formState();
  const saved = segments.get(current);
  const changed = !saved || JSON.stringify(state) !== JSON.stringify(stateOf(saved));
  if (changed) drafts.set(current, state);
  else drafts.delete(current);
  markDirty(current, changed);
}

function rowOf(id) {
  return segmentList.querySelector(`li[data-id="${id}"]`);
}

function markDirty(id, dirty) {
  const dot = rowOf(id)?.querySelector(".wb-dirty");
  if (dot) dot.hidden = !dirty;
}

function open(id) {
  keepDraft();
  current = String(id);
  const row = segments.get(current);
  fill(drafts.get(current) || stateOf(row || {}));
  showErrors(editor, {});
  editor.querySelector(".wb-stale-actions").hidden = true;
  status(editor, "");
  editor.hidden = false;
  for (const li of segmentList.children) li.classList.toggle("wb-current", li.dataset.id === current);
  rowOf(current)?.scrollIntoView({ block: "nearest" });
}

function renderRow(li, row) {
  li.dataset.id = row.id;
  li.dataset.start = row.start;
  li.dataset.end = row.end ?? row.start;
  li.querySelector(".wb-tc").textContent = row.start_tc;
  li.querySelector(".wb-tc-end").textContent = row.end_tc || "";
  li.querySelector(".wb-row-title").textContent = row.title;
}

function placeRow(li) {
  const start = Number(li.dataset.start);
  const after = [...segmentList.children].find(
    (other) => other !== li && Number(other.dataset.start) > start,
  );
  segmentList.insertBefore(li, after || null);
}

function capture() {
  if (!mayChange) return;
  keepDraft();
  const id = `new-${++newCount}`;
  const time = media.currentTime || 0;
  const li = document.getElementById("wb-segment-row").content.firstElementChild.cloneNode(true);
  renderRow(li, { id, start: time, end: time, start_tc: formatTime(time), end_tc: "", title: "" });
  segmentList.append(li);
  placeRow(li);
  drafts.set(id, { ...stateOf({}), start: formatTime(time) });
  markDirty(id, true);
  open(id);
  editor.elements.title.focus();
}

async function save() {
  if (current === null || !mayChange) return;
  const id = current;
  const state = formState();
  const saved = segments.get(id);
  const body = {
    ...state,
    subjects: state.subjects.map((t) => t.id),
    places: state.places.map((t) => t.id),
    people: state.people.map((t) => t.id),
    version: saved?.version,
  };
  status(editor, gettext("Saving…"));
  const url = saved ? `${base}segments/${id}/` : `${base}segments/`;
  const { ok, status: code, data } = await send(url, "POST", body);
  if (!ok) {
    status(editor, "");
    drafts.set(id, state);
    showErrors(editor, data.errors);
    if (code === 409 && data.current) {
      const actions = editor.querySelector(".wb-stale-actions");
      actions.hidden = false;
      actions.querySelector("button").onclick = () => {
        segments.set(id, data.current);
        drafts.delete(id);
        markDirty(id, false);
        renderRow(rowOf(id), data.current);
        current = null;
        open(id);
      };
    }
    return;
  }
  const row = { ...data.segment, ...tagsFrom(state) };
  const li = rowOf(id);
  segments.delete(id);
  drafts.delete(id);
  segments.set(String(row.id), row);
  renderRow(li, row);
  placeRow(li);
  moveEnds(data);
  current = String(row.id);
  markDirty(current, false);
  showErrors(editor, {});
  editor.querySelector(".wb-stale-actions").hidden = true;
  status(editor, gettext("Saved."));
}

// Neighbours whose open ends followed a save or a delete: their new ends and
// versions (their rows changed, so the versions the page held are stale).
function moveEnds(data) {
  for (const [other, end] of Object.entries(data.moved_ends || {})) {
    const saved = segments.get(other);
    const otherLi = rowOf(other);
    if (saved) Object.assign(saved, { end, end_tc: formatTime(end) });
    if (saved && data.versions?.[other]) saved.version = data.versions[other];
    if (otherLi) renderRow(otherLi, segments.get(other) || { ...otherLi.dataset });
  }
}

function tagsFrom(state) {
  return { subjects: state.subjects, places: state.places, people: state.people };
}

async function deleteSegment() {
  const saved = segments.get(current);
  if (!saved) {
    rowOf(current)?.remove();
    drafts.delete(current);
    current = null;
    editor.hidden = true;
    return;
  }
  if (!window.confirm(gettext("Delete this segment?"))) return;
  const version = encodeURIComponent(saved.version);
  const { ok, data } = await send(`${base}segments/${current}/?version=${version}`, "DELETE");
  if (!ok) return showErrors(editor, data.errors);
  moveEnds(data);
  rowOf(current)?.remove();
  segments.delete(current);
  current = null;
  editor.hidden = true;
}

function nudge(field, by) {
  const input = editor.elements[field];
  const fallback = field === "end" ? media.currentTime : 0;
  const seconds = parseTime(input.value) ?? fallback;
  input.value = formatTime(Math.max(0, seconds + by));
  if (field === "start") seek(Math.max(0, seconds + by), false);
}

// --- tags: search as you type, create in place ----------------------------

function addChip(box, tag) {
  const chips = box.querySelector(".wb-chips");
  if (chips.querySelector(`li[data-id="${tag.id}"]`)) return;
  const li = document.createElement("li");
  li.dataset.id = tag.id;
  li.dataset.label = tag.label;
  li.textContent = tag.label;
  const remove = document.createElement("button");
  remove.type = "button";
  remove.className = "wb-chip-remove";
  remove.setAttribute("aria-label", `${gettext("Remove")} ${tag.label}`);
  remove.textContent = "×";
  remove.addEventListener("click", () => li.remove());
  li.append(" ", remove);
  chips.append(li);
}

function setupTags(box) {
  const input = box.querySelector(".wb-tag-search");
  const list = box.querySelector(".wb-suggestions");
  const kind = box.dataset.kind;
  let timer = null;
  let active = -1;

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    active = -1;
  };
  const choose = async (li) => {
    if (li.dataset.create !== undefined) {
      const placeKind = box.querySelector(".wb-place-kind")?.value || "";
      const { ok, data } = await send(`${base}lookup/${kind}/`, "POST", {
        label: input.value,
        place_kind: placeKind,
      });
      if (!ok) return showErrors(editor, { [kind]: data.errors.label || data.errors.__all__ });
      addChip(box, data.record);
    } else {
      addChip(box, { id: Number(li.dataset.id), label: li.dataset.label });
    }
    input.value = "";
    close();
    input.focus();
  };
  const highlightOption = () => {
    [...list.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === active)));
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (!text) return close();
    timer = setTimeout(async () => {
      const { data } = await send(`${base}lookup/${kind}/?q=${encodeURIComponent(text)}`, "GET");
      list.replaceChildren();
      for (const record of data.results || []) {
        const li = document.createElement("li");
        li.setAttribute("role", "option");
        li.dataset.id = record.id;
        li.dataset.label = record.label;
        li.textContent = record.label;
        list.append(li);
      }
      const exact = (data.results || []).some((r) => r.label.toLowerCase() === text.toLowerCase());
      if (!exact && box.dataset.mayAdd === "1") {
        const li = document.createElement("li");
        li.setAttribute("role", "option");
        li.dataset.create = "";
        li.className = "wb-create";
        li.textContent = interpolate(gettext("Create “%s”"), [text]);
        list.append(li);
      }
      active = list.children.length ? 0 : -1;
      highlightOption();
      list.hidden = !list.children.length;
      input.setAttribute("aria-expanded", String(!list.hidden));
    }, 150);
  });
  input.addEventListener("keydown", (event) => {
    if (list.hidden) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const n = list.children.length;
      active = (active + (event.key === "ArrowDown" ? 1 : n - 1)) % n;
      highlightOption();
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (active >= 0) choose(list.children[active]);
    } else if (event.key === "Escape") close();
  });
  list.addEventListener("mousedown", (event) => {
    const li = event.target.closest("li");
    if (li) {
      event.preventDefault();
      choose(li);
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 200));
}

// --- cues --------------------------------------------------------------------

function cueState(li) {
  return {
    start: formatTime(Number(li.dataset.start)),
    end: formatTime(Number(li.dataset.end)),
    speaker: li.querySelector(".wb-speaker")?.textContent || "",
    text: li.querySelector(".wb-text").textContent,
  };
}

function openCue(li) {
  currentCue = li.dataset.id;
  const state = cueState(li);
  for (const name of ["start", "end", "speaker", "text"]) cueEditor.elements[name].value = state[name];
  showErrors(cueEditor, {});
  status(cueEditor, "");
  cueEditor.hidden = false;
  for (const other of cueList.querySelectorAll(".wb-current")) other.classList.remove("wb-current");
  li.classList.add("wb-current");
}

function renderCue(li, cue) {
  li.dataset.id = cue.id;
  li.dataset.start = cue.start;
  li.dataset.end = cue.end;
  li.dataset.version = cue.version;
  li.replaceChildren();
  const tc = document.createElement("span");
  tc.className = "wb-tc";
  tc.textContent = cue.start_tc;
  li.append(tc, " ");
  if (cue.speaker) {
    const b = document.createElement("b");
    b.className = "wb-speaker";
    b.textContent = cue.speaker;
    li.append(b, " ");
  }
  const text = document.createElement("span");
  text.className = "wb-text";
  text.textContent = cue.text;
  li.append(text);
}

function cueLi(id) {
  return cueList.querySelector(`li[data-id="${id}"]`);
}

async function saveCue() {
  if (!currentCue) return;
  const body = { ...Object.fromEntries(new FormData(cueEditor)), version: cueLi(currentCue).dataset.version };
  // A refused save leaves the typed text in the editor, untouched.
  const { ok, data } = await send(`${base}cues/${currentCue}/`, "POST", body);
  if (!ok) return showErrors(cueEditor, data.errors);
  renderCue(cueLi(currentCue), data.cue);
  showErrors(cueEditor, {});
  status(cueEditor, gettext("Saved."));
}

async function splitCue() {
  const textarea = cueEditor.elements.text;
  const at = formatTime(media.currentTime);
  const body = { at, version: cueLi(currentCue).dataset.version };
  // A caret placed inside the text says where the words are cut.
  if (textarea.selectionStart > 0 && textarea.selectionStart < textarea.value.length) {
    body.offset = textarea.selectionStart;
  }
  const { ok, data } = await send(`${base}cues/${currentCue}/split/`, "POST", body);
  if (!ok) return showErrors(cueEditor, data.errors);
  const li = cueLi(currentCue);
  renderCue(li, data.cues[0]);
  const next = document.createElement("li");
  renderCue(next, data.cues[1]);
  li.after(next);
  openCue(li);
  status(cueEditor, gettext("Split."));
}

async function mergeCue() {
  const li = cueLi(currentCue);
  const body = { version: li.dataset.version, next_version: li.nextElementSibling?.dataset.version };
  const { ok, data } = await send(`${base}cues/${currentCue}/merge/`, "POST", body);
  if (!ok) return showErrors(cueEditor, data.errors);
  cueLi(data.removed)?.remove();
  renderCue(li, data.cue);
  openCue(li);
  status(cueEditor, gettext("Merged."));
}

// --- wiring ----------------------------------------------------------------

document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-action]");
  if (button) {
    const { action, field, by } = button.dataset;
    if (actions[action]) actions[action]();
    else if (action === "now") editor.elements[field].value = formatTime(media.currentTime);
    else if (action === "nudge") nudge(field, Number(by));
    else if (action === "play-segment") seek(parseTime(editor.elements.start.value) ?? 0);
    else if (action === "delete-segment") deleteSegment();
    else if (action === "cue-now") cueEditor.elements[field].value = formatTime(media.currentTime);
    else if (action === "cue-split") splitCue();
    else if (action === "cue-merge") mergeCue();
    return;
  }
  const segment = event.target.closest("#wb-segments li");
  if (segment) {
    open(segment.dataset.id);
    seek(Number(segment.dataset.start));
    return;
  }
  const cue = event.target.closest("#wb-cues li");
  if (cue) {
    openCue(cue);
    seek(Number(cue.dataset.start));
  }
});

editor.addEventListener("submit", (event) => {
  event.preventDefault();
  save();
});
editor.addEventListener("input", () => {
  if (current !== null) markDirty(current, true);
});
cueEditor.addEventListener("submit", (event) => {
  event.preventDefault();
  saveCue();
});
for (const box of editor.querySelectorAll(".wb-tags")) setupTags(box);

const importForm = document.getElementById("wb-import");
importForm?.addEventListener("submit", async (event) => {
  event.preventDefault();
  status(importForm, gettext("Importing…"));
  // The version of the transcript replaced, as this page showed it.
  importForm.elements.version.value = importForm.elements.transcript.selectedOptions[0]?.dataset.version || "";
  const { ok, data } = await send(`${base}import/`, "POST", new FormData(importForm));
  if (!ok) {
    status(importForm, "");
    return showErrors(importForm, data.errors);
  }
  const unsaved = [...drafts.keys()].length;
  status(importForm, interpolate(ngettext("%s cue imported.", "%s cues imported.", data.imported), [data.imported]));
  // Reload to show the new cues only when no segment has unsaved changes.
  if (!unsaved) window.location.search = `?transcript=${data.transcript}`;
});

function moveSegment(step) {
  const items = [...segmentList.children];
  const index = items.findIndex((li) => li.dataset.id === current);
  const next = items[Math.min(items.length - 1, Math.max(0, index + step))];
  if (next) {
    open(next.dataset.id);
    seek(Number(next.dataset.start), false);
  }
}

const keys = {
  KeyP: actions.toggle,
  KeyB: actions.back,
  Comma: actions.slower,
  Period: actions.faster,
  KeyN: actions.capture,
  KeyS: () => (document.activeElement?.form === cueEditor ? saveCue() : save()),
  ArrowLeft: () => current !== null && nudge("start", -1),
  ArrowRight: () => current !== null && nudge("start", 1),
  ArrowUp: () => moveSegment(-1),
  ArrowDown: () => moveSegment(1),
  KeyT: () => currentCue && (cueEditor.elements.start.value = formatTime(media.currentTime)),
};

document.addEventListener("keydown", (event) => {
  if (!event.altKey || event.ctrlKey || event.metaKey) return;
  const handler = keys[event.code];
  if (handler) {
    event.preventDefault();
    handler();
  }
});

window.addEventListener("beforeunload", (event) => {
  keepDraft();
  if (drafts.size) event.preventDefault();
});
