// Reads a IIIF Presentation 3 manifest (JSON on stdin) the way Clover and Canopy
// do, with @iiif/parser's normalize, and prints what a viewer would find in it
// (JSON on stdout). Any error from the parser ends the process with status 1.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const BUNDLE = path.join(__dirname, "iiif-parser-2.2.10.umd.js");
const sandbox = {};
sandbox.globalThis = sandbox;
vm.createContext(sandbox);
vm.runInContext(fs.readFileSync(BUNDLE, "utf8"), sandbox, { filename: BUNDLE });
const { normalize } = sandbox.IIIFParser.Presentation3;

const manifest = JSON.parse(fs.readFileSync(0, "utf8"));
const { entities, resource } = normalize(manifest);
if (!resource || resource.type !== "Manifest" || !entities.Manifest[resource.id]) {
  throw new Error("the parser found no manifest");
}
const get = (ref) => {
  const found = entities[ref.type] && entities[ref.type][ref.id];
  if (found) return found;
  for (const kind of ["ContentResource", "Annotation", "AnnotationPage", "Canvas", "Range"]) {
    if (entities[kind] && entities[kind][ref.id]) return entities[kind][ref.id];
  }
  throw new Error(`the parser lost ${ref.type} ${ref.id}`);
};
const annotations = (pageRefs) =>
  pageRefs.flatMap((pageRef) =>
    get(pageRef).items.map((annotationRef) => {
      const annotation = get(annotationRef);
      return {
        motivation: annotation.motivation,
        target: annotation.target,
        bodies: annotation.body.map((bodyRef) => {
          const body = get(bodyRef);
          return {
            id: body.id,
            type: body.type,
            format: body.format || null,
            language: body.language || null,
            value: body.value || null,
            width: body.width || null,
            height: body.height || null,
          };
        }),
      };
    }),
  );
const top = entities.Manifest[resource.id];
const result = {
  id: top.id,
  label: top.label,
  rights: top.rights,
  canvases: top.items.map((canvasRef) => {
    const canvas = get(canvasRef);
    return {
      id: canvas.id,
      label: canvas.label,
      duration: canvas.duration || null,
      width: canvas.width || null,
      height: canvas.height || null,
      painting: annotations(canvas.items),
      supplementing: annotations(canvas.annotations),
    };
  }),
  ranges: top.structures.map((rangeRef) => {
    const range = get(rangeRef);
    return {
      id: range.id,
      label: range.label,
      items: range.items.map((item) => ({
        source: item.source ? item.source.id : item.id,
        selector: item.selector ? item.selector.value : null,
      })),
    };
  }),
};
process.stdout.write(JSON.stringify(result));
