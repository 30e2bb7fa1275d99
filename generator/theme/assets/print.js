/* Printing: paper cannot follow a link, so each link in a page's text is given its full address
   for print.css to print after it; and a printable path's "Print" button opens the print dialog. */
(function () {
  "use strict";

  function init() {
    document.querySelectorAll("article a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      if (!href || href.charAt(0) === "#" || a.classList.contains("headerlink")) return;
      if (a.closest(".pb-print-cover, .pb-next, .pb-walk-controls")) return;
      if (a.textContent.trim() === href) return;
      a.setAttribute("data-pb-href", a.href.replace(/\/index\.html(?=$|[?#])/, "/"));
    });
    document.querySelectorAll(".pb-print-button").forEach(function (b) {
      b.hidden = false;
      b.addEventListener("click", function () { window.print(); });
    });
  }

  window.pbReader.onEachPage(init);
})();
