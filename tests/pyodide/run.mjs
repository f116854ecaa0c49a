// Run a Python file inside real Pyodide (the runtime of xlwings Lite), with a host folder mounted at /mnt/work.
// Usage: node run.mjs FOLDER SCRIPT.py  — the script reads and writes files in /mnt/work.
import { loadPyodide } from "pyodide";
import { readFileSync } from "node:fs";

const [folder, script] = process.argv.slice(2);
const pyodide = await loadPyodide();
pyodide.FS.mkdirTree("/mnt/work");
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: folder }, "/mnt/work");
await pyodide.runPythonAsync(readFileSync(script, "utf8"));
