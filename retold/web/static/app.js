/* retold: light progressive enhancement. Everything works without it. No inline handlers, no eval. */
(function () {
  "use strict";

  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

  // side-by-side tools appear only when this script runs
  $all("[data-tools]").forEach(function (el) { el.hidden = false; });

  // checkboxes that toggle a class on a target (hide word differences, only changed rows)
  $all("input[data-toggle]").forEach(function (box) {
    var target = document.getElementById(box.getAttribute("data-target"));
    if (!target) return;
    var cls = box.getAttribute("data-toggle");
    box.addEventListener("change", function () { target.classList.toggle(cls, box.checked); });
  });

  // jump between changed rows
  var cursor = {};
  function jump(gridId, step) {
    var grid = document.getElementById(gridId);
    if (!grid) return;
    var rows = $all(".arow.changed", grid);
    if (!rows.length) return;
    var k = cursor[gridId];
    k = (k === undefined) ? (step > 0 ? 0 : rows.length - 1) : (k + step + rows.length) % rows.length;
    cursor[gridId] = k;
    var details = rows[k].closest("details");
    if (details && !details.open) details.open = true;
    rows[k].scrollIntoView({ block: "center" });
    rows[k].focus({ preventScroll: true });
  }
  $all("[data-next-change]").forEach(function (btn) {
    btn.addEventListener("click", function () { jump(btn.getAttribute("data-next-change"), 1); });
  });
  function visibleGrid() {
    var grids = $all(".align").filter(function (g) { return g.offsetParent !== null && $all(".arow.changed", g).length; });
    if (!grids.length) return null;
    var mid = window.innerHeight / 2, best = grids[0], dist = Infinity;
    grids.forEach(function (g) {
      var r = g.getBoundingClientRect();
      var d = (r.top <= mid && r.bottom >= mid) ? 0 : Math.min(Math.abs(r.top - mid), Math.abs(r.bottom - mid));
      if (d < dist) { dist = d; best = g; }
    });
    return best;
  }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (e.key !== "n" && e.key !== "p") return;
    var g = visibleGrid();
    if (!g) return;
    e.preventDefault();
    jump(g.id, e.key === "n" ? 1 : -1);
  });

  // filter a list as you type
  $all("input[data-filter-for]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("data-filter-for"));
    if (!list) return;
    var status = document.getElementById(input.getAttribute("data-filter-status") || "");
    input.parentElement.hidden = false;
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase(), shown = 0;
      $all("[data-filter-text]", list).forEach(function (li) {
        var hit = !q || li.getAttribute("data-filter-text").toLowerCase().indexOf(q) >= 0;
        li.hidden = !hit;
        if (hit) shown++;
      });
      if (status) status.textContent = q ? shown + " shown" : "";
    });
  });

  // refuse an oversized file before uploading it
  function size(n) { return n >= 1048576 ? (n / 1048576).toFixed(1).replace(/\.0$/, "") + " MB" : Math.round(n / 1024) + " KB"; }
  $all("input[type=file][data-max]").forEach(function (input) {
    var max = parseInt(input.getAttribute("data-max"), 10);
    var note = document.getElementById(input.getAttribute("aria-describedby") || "");
    var original = note ? note.textContent : "";
    input.addEventListener("change", function () {
      var f = input.files && input.files[0];
      if (f && f.size > max) {
        input.setCustomValidity("This file is larger than " + size(max) + ".");
        if (note) { note.textContent = "Too large: " + f.name + " is " + size(f.size) + "; the limit is " + size(max) + "."; note.classList.add("bad"); }
      } else {
        input.setCustomValidity("");
        if (note) { note.textContent = original; note.classList.remove("bad"); }
      }
      input.reportValidity();
    });
  });
})();
