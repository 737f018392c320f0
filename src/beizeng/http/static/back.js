// "返回上一页" on the error page. A file, not href="javascript:…", because the pages' CSP allows
// no inline script (script-src 'self'); without script the link still goes home.
document.querySelectorAll("a[data-back]").forEach(function (link) {
  link.addEventListener("click", function (event) {
    if (window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
});
