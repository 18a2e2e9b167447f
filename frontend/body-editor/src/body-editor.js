// The document body editor: TipTap (ProseMirror) over the form's <textarea>, which stays the field
// that is posted. Without this script the textarea works alone (the server makes paragraphs of
// plain text). Built by static/vendor/tiptap-3.35.0/build.sh into one file; nothing here sets an
// inline style attribute or injects a <style> element, so the page's CSP (style-src 'self') holds.
import { Editor, mergeAttributes } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import { Table, TableRow, TableHeader, TableCell } from "@tiptap/extension-table";
import Image from "@tiptap/extension-image";
import Superscript from "@tiptap/extension-superscript";
import { Fragment, Slice } from "@tiptap/pm/model";

// Tables without the widths TipTap writes as style attributes (the sanitiser drops them anyway).
const PlainTable = Table.extend({
  renderHTML({ HTMLAttributes }) {
    const { style, ...attrs } = mergeAttributes(this.options.HTMLAttributes, HTMLAttributes);
    return ["table", attrs, ["tbody", 0]];
  },
});
const noAlign = {
  addAttributes() {
    const { align, ...rest } = this.parent?.() || {};
    return rest;
  },
};
const PlainHeader = TableHeader.extend(noAlign);
const PlainCell = TableCell.extend(noAlign);

// Plain text keeps its breaks: a blank line ends a paragraph, a single newline is a line break
// (the server does the same with text posted without markup).
function textToSlice(text, schema) {
  const paragraphs = text
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t\u3000]*\n+/)
    .map((block) => block.replace(/^\n+|\n+$/g, ""))
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const parts = [];
      block.split("\n").forEach((line, i) => {
        if (i) parts.push(schema.nodes.hardBreak.create());
        if (line) parts.push(schema.text(line));
      });
      return schema.nodes.paragraph.create(null, parts);
    });
  return paragraphs.length ? new Slice(Fragment.from(paragraphs), 1, 1) : Slice.empty;
}

function button(label, title, run, isActive) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "btn btn-sm btn-outline-secondary";
  b.textContent = label;
  b.title = title; // the visible word is the accessible name; the title only explains it
  // Keep the editor's focus and selection: a toolbar press must not move them to the button.
  b.addEventListener("mousedown", (event) => event.preventDefault());
  b.addEventListener("click", (event) => {
    event.preventDefault();
    run();
  });
  b._isActive = isActive;
  return b;
}

function group(label, buttons) {
  const g = document.createElement("div");
  g.className = "btn-group btn-group-sm me-1 mb-1";
  g.setAttribute("role", "group");
  g.setAttribute("aria-label", label);
  buttons.forEach((b) => g.appendChild(b));
  return g;
}

function setUp(textarea) {
  const images = JSON.parse(textarea.dataset.images || "[]");
  const wrapper = document.createElement("div");
  wrapper.className = "body-editor";
  const toolbar = document.createElement("div");
  toolbar.className = "body-editor-toolbar";
  toolbar.setAttribute("role", "toolbar");
  toolbar.setAttribute("aria-label", "正文格式");
  const area = document.createElement("div");
  area.className = "body-editor-area form-control";
  wrapper.append(toolbar, area);
  textarea.before(wrapper);
  textarea.hidden = true;

  const editor = new Editor({
    element: area,
    injectCSS: false,
    content: textarea.value,
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3, 4] },
        code: false,
        codeBlock: false,
        link: {
          openOnClick: false,
          autolink: true,
          protocols: ["http", "https", "mailto"],
          defaultProtocol: "https",
          HTMLAttributes: { target: null, rel: null, class: null },
        },
      }),
      PlainTable.configure({ resizable: false }),
      TableRow,
      PlainHeader,
      PlainCell,
      Image.configure({ inline: false, allowBase64: false }),
      Superscript,
    ],
    editorProps: {
      attributes: {
        role: "textbox",
        "aria-multiline": "true",
        "aria-label": textarea.dataset.label || "正文",
      },
      clipboardTextParser: (text, _context, _plain, view) => textToSlice(text, view.state.schema),
    },
    onUpdate({ editor }) {
      textarea.value = editor.isEmpty ? "" : editor.getHTML();
      refresh();
    },
    onSelectionUpdate: () => refresh(),
  });
  if (textarea.id) area.firstElementChild && (area.firstElementChild.id = textarea.id + "_editor");
  const label = textarea.id && document.querySelector(`label[for="${textarea.id}"]`);
  if (label) label.addEventListener("click", () => editor.commands.focus());

  const c = () => editor.chain().focus();
  const blocks = group("段落和标题", [
    button("正文", "正文段落", () => c().setParagraph().run(), () => editor.isActive("paragraph")),
    button("二级标题", "二级标题（如“一、”）", () => c().toggleHeading({ level: 2 }).run(), () => editor.isActive("heading", { level: 2 })),
    button("三级标题", "三级标题（如“（一）”）", () => c().toggleHeading({ level: 3 }).run(), () => editor.isActive("heading", { level: 3 })),
    button("四级标题", "四级标题（如“1.”）", () => c().toggleHeading({ level: 4 }).run(), () => editor.isActive("heading", { level: 4 })),
  ]);
  const marks = group("文字", [
    button("加粗", "加粗", () => c().toggleBold().run(), () => editor.isActive("bold")),
    button("倾斜", "倾斜", () => c().toggleItalic().run(), () => editor.isActive("italic")),
    button("上标", "上标（注释序号）", () => c().toggleSuperscript().run(), () => editor.isActive("superscript")),
    button("链接", "添加或修改链接", () => {
      const previous = editor.getAttributes("link").href || "https://";
      const href = window.prompt("链接地址（以 http:// 或 https:// 开头，留空则取消链接）", previous);
      if (href === null) return;
      if (!href.trim() || href.trim() === "https://") c().unsetLink().run();
      else if (/^(https?:\/\/|mailto:)/i.test(href.trim())) c().extendMarkRange("link").setLink({ href: href.trim() }).run();
      else window.alert("链接地址应以 http:// 或 https:// 开头");
    }, () => editor.isActive("link")),
  ]);
  const lists = group("列表", [
    button("无序列表", "无序列表", () => c().toggleBulletList().run(), () => editor.isActive("bulletList")),
    button("有序列表", "有序列表", () => c().toggleOrderedList().run(), () => editor.isActive("orderedList")),
  ]);
  const tables = group("表格", [
    button("插入表格", "插入3行3列的表格，首行为表头", () => c().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run()),
    button("加行", "在下方插入一行", () => c().addRowAfter().run()),
    button("加列", "在右侧插入一列", () => c().addColumnAfter().run()),
    button("删行", "删除所在行", () => c().deleteRow().run()),
    button("删列", "删除所在列", () => c().deleteColumn().run()),
    button("合并/拆分", "合并选中的单元格，或拆分已合并的单元格", () => c().mergeOrSplit().run()),
    button("删除表格", "删除整个表格", () => c().deleteTable().run()),
  ]);
  const history = group("撤销", [
    button("撤销", "撤销", () => c().undo().run()),
    button("重做", "重做", () => c().redo().run()),
  ]);
  toolbar.append(blocks, marks, lists, tables, history);

  if (images.length) {
    const select = document.createElement("select");
    select.className = "form-select form-select-sm d-inline-block w-auto mb-1";
    select.setAttribute("aria-label", "插入图片附件");
    const first = document.createElement("option");
    first.value = "";
    first.textContent = "插入图片附件…";
    select.appendChild(first);
    images.forEach((image) => {
      const option = document.createElement("option");
      option.value = image.src;
      option.textContent = image.name;
      select.appendChild(option);
    });
    select.addEventListener("change", () => {
      const chosen = images.find((image) => image.src === select.value);
      if (chosen) c().setImage({ src: chosen.src, alt: chosen.name.replace(/\.[^.]+$/, "") }).run();
      select.value = "";
    });
    toolbar.appendChild(select);
  }

  const tableButtons = Array.from(tables.querySelectorAll("button")).slice(1);
  function refresh() {
    toolbar.querySelectorAll("button").forEach((b) => {
      if (b._isActive) b.setAttribute("aria-pressed", b._isActive() ? "true" : "false");
    });
    const inTable = editor.isActive("table");
    tableButtons.forEach((b) => (b.disabled = !inTable));
  }
  refresh();
  textarea.form && textarea.form.addEventListener("submit", () => {
    textarea.value = editor.isEmpty ? "" : editor.getHTML();
  });
  wrapper.editor = editor; // for tests and the browser console
}

document.querySelectorAll("textarea[data-rich-text]").forEach(setUp);
