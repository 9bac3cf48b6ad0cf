// khabar web UI: highlight a cited passage (#c-START-END, offsets in characters of the
// article text), layer toggles, and the 'listen' button.  No library, no network.
(function () {
  "use strict";
  function cps(s) { return Array.from(s); }

  function clearMarks(root) {
    root.querySelectorAll("mark.cite").forEach(function (m) {
      var p = m.parentNode;
      while (m.firstChild) p.insertBefore(m.firstChild, m);
      p.removeChild(m);
      p.normalize();
    });
  }

  function highlight() {
    var root = document.getElementById("article-text");
    if (!root) return;
    var m = /^#c-(\d+)-(\d+)$/.exec(location.hash);
    clearMarks(root);
    if (!m) return;
    var s = +m[1], e = +m[2], first = null;
    root.querySelectorAll("[data-s]").forEach(function (seg) {
      var a = +seg.dataset.s, b = +seg.dataset.e;
      if (b <= s || a >= e) return;
      var chars = cps(seg.textContent);
      var from = Math.max(0, s - a), to = Math.min(chars.length, e - a);
      var before = chars.slice(0, from).join(""), mid = chars.slice(from, to).join(""), after = chars.slice(to).join("");
      seg.textContent = "";
      if (before) seg.appendChild(document.createTextNode(before));
      var mark = document.createElement("mark");
      mark.className = "cite";
      mark.textContent = mid;
      seg.appendChild(mark);
      if (after) seg.appendChild(document.createTextNode(after));
      if (!first) { first = mark; mark.id = "cited"; }
    });
    if (first) first.scrollIntoView({ block: "center" });
  }

  function toggles() {
    document.querySelectorAll("input[data-layer]").forEach(function (box) {
      box.addEventListener("change", function () {
        document.body.classList.toggle("hide-" + box.dataset.layer, !box.checked);
      });
    });
  }

  function listen() {
    var btn = document.getElementById("listen");
    if (!btn) return;
    btn.addEventListener("click", function () {
      var audio = document.getElementById("listen-audio");
      if (!audio.getAttribute("src")) audio.setAttribute("src", btn.dataset.src);
      audio.hidden = false;
      btn.disabled = true;
      btn.textContent = btn.dataset.busy;
      audio.addEventListener("canplay", function () { btn.hidden = true; }, { once: true });
      audio.addEventListener("error", function () { btn.disabled = false; btn.textContent = btn.dataset.failed; }, { once: true });
      audio.play().catch(function () {});
    });
  }

  window.addEventListener("hashchange", highlight);
  document.addEventListener("DOMContentLoaded", function () { highlight(); toggles(); listen(); });
})();
