/* The entry form (/evaluations/<id>/edit/): tables edited like a sheet, and a warning before
   leaving with unsaved changes. Field names are input paths: projects[3].name — a row's index
   is in every name of the row, so adding a row renumbers a copy of the last one. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-warn-unsaved]");
  if (!form) return;

  var INDEX = /^([a-z_]+)\[(\d+)\]/;

  function rowIndex(tr) {
    var el = tr.querySelector("[name]");
    var m = el && INDEX.exec(el.name);
    return m ? parseInt(m[2], 10) : -1;
  }

  function renumber(table) {
    Array.prototype.forEach.call(table.tBodies[0].rows, function (tr, i) {
      var no = tr.querySelector(".row-no");
      if (no) no.textContent = String(i + 1);
    });
  }

  function addRow(table) {
    var body = table.tBodies[0];
    var last = body.rows[body.rows.length - 1];
    var next = 0;
    Array.prototype.forEach.call(body.rows, function (tr) { next = Math.max(next, rowIndex(tr) + 1); });
    var tr = last.cloneNode(true);
    tr.querySelectorAll("[name]").forEach(function (el) {
      el.name = el.name.replace(INDEX, function (_, list) { return list + "[" + next + "]"; });
      if (el.tagName === "SELECT") el.selectedIndex = 0; else el.value = "";
      el.classList.remove("bad");
      if (el.hasAttribute("aria-label")) el.setAttribute("aria-label", el.getAttribute("aria-label"));
    });
    tr.querySelectorAll(".err").forEach(function (el) { el.remove(); });
    body.appendChild(tr);
    renumber(table);
    return tr;
  }

  function setValue(el, text) {
    text = text.trim();
    if (el.tagName === "SELECT") {
      var hit = Array.prototype.find.call(el.options, function (o) { return o.value === text || o.text === text; });
      if (hit) el.value = hit.value;
      else if (text) {  // keep what was pasted: the server names it if it is not a choice
        var opt = new Option(text, text);
        el.add(opt);
        el.value = text;
      }
    } else {
      el.value = text;
    }
  }

  var dirty = false;
  var note = document.getElementById("dirty-note");
  function markDirty() {
    dirty = true;
    if (note) note.hidden = false;
  }

  form.addEventListener("click", function (ev) {
    var add = ev.target.closest("[data-add-row]");
    if (add) {
      addRow(document.querySelector('table[data-rows="' + add.getAttribute("data-add-row") + '"]'));
      markDirty();
      return;
    }
    var del = ev.target.closest("[data-delete-row]");
    if (del) {
      var tr = del.closest("tr");
      var table = tr.closest("table");
      if (table.tBodies[0].rows.length === 1) addRow(table);  // always one row to type in
      tr.remove();
      renumber(table);
      markDirty();
    }
  });

  // Paste a block copied from Excel (tab-separated columns, one line per row) into a list table.
  form.addEventListener("paste", function (ev) {
    var cell = ev.target.closest("table[data-rows] td");
    if (!cell) return;
    var text = (ev.clipboardData || window.clipboardData).getData("text");
    if (!text || (text.indexOf("\t") < 0 && text.replace(/\r?\n$/, "").indexOf("\n") < 0)) return;  // one value: as usual
    ev.preventDefault();
    var lines = text.replace(/\r/g, "").replace(/\n$/, "").split("\n");
    var tr = cell.parentElement;
    var table = tr.closest("table");
    var col = Array.prototype.indexOf.call(tr.cells, cell);
    lines.forEach(function (line, k) {
      if (k > 0) tr = tr.nextElementSibling || addRow(table);
      line.split("\t").forEach(function (value, j) {
        var target = tr.cells[col + j];
        var el = target && target.querySelector("[name]");
        if (el) setValue(el, value);
      });
    });
    markDirty();
  });

  form.addEventListener("input", markDirty);
  form.addEventListener("change", markDirty);
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (ev) {
    if (!dirty) return;
    ev.preventDefault();
    ev.returnValue = "";  // the browser shows its own "leave the page?" dialog
  });
})();
