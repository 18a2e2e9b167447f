#!/bin/sh
# Rebuild the vendored body editor (run once after changing src/ or a version; commit the output).
# No source map is shipped; the licences of every bundled package go into LICENSE beside it.
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
OUT=../../static/vendor/tiptap-3.35.0
mkdir -p "$OUT"
npx esbuild src/body-editor.js --bundle --minify --format=iife --target=es2019 --legal-comments=none \
  --metafile=meta.json --outfile="$OUT/body-editor.min.js"
node -e '
const fs = require("fs"), path = require("path");
const inputs = Object.keys(JSON.parse(fs.readFileSync("meta.json")).outputs[Object.keys(JSON.parse(fs.readFileSync("meta.json")).outputs)[0]].inputs);
const pkgs = [...new Set(inputs.filter(i => i.includes("node_modules/")).map(i => {
  const p = i.split("node_modules/").pop().split("/"); return p[0].startsWith("@") ? p[0] + "/" + p[1] : p[0]; }))].sort();
let text = "Licences of the packages bundled in body-editor.min.js (all MIT).\n";
for (const p of pkgs) {
  const dir = path.join("node_modules", p);
  const file = fs.readdirSync(dir).find(f => /^licen[cs]e/i.test(f));
  const version = JSON.parse(fs.readFileSync(path.join(dir, "package.json"))).version;
  text += "\n==== " + p + " " + version + " ====\n\n" + (file ? fs.readFileSync(path.join(dir, file), "utf8") : "(licence file missing: see package.json)\n");
}
fs.writeFileSync(process.argv[1], text);
' "$OUT/LICENSE"
rm meta.json
