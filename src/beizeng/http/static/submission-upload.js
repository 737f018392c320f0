// The submission pages' upload (issue 13 point 1): post the form with the CSRF header so the
// server streams the file to disk, show the upload's progress, then show the outcome page the
// server answers. Without script the form posts as usual. A file, not inline script (CSP).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches("form[data-upload]") || !window.FormData || !window.XMLHttpRequest) return;
  event.preventDefault();
  var data = new FormData(form);
  var bar = form.querySelector("progress");
  var status = form.querySelector("#upload-status");
  var button = form.querySelector("button[type=submit]");
  var xhr = new XMLHttpRequest();
  xhr.open("POST", form.action);
  xhr.setRequestHeader("X-CSRF-Token", data.get("csrf_token"));
  xhr.responseType = "document";
  if (bar) { bar.hidden = false; bar.value = 0; }
  if (button) button.disabled = true;
  xhr.upload.addEventListener("progress", function (e) {
    if (!e.lengthComputable || !bar) return;
    bar.value = Math.round((e.loaded / e.total) * 100);
    if (status) status.textContent = "已上传 " + bar.value + "%";
  });
  xhr.upload.addEventListener("load", function () {
    if (status) status.textContent = "上传完成，正在逐行校验，请稍候……";
  });
  xhr.addEventListener("load", function () {
    var page = xhr.response;
    if (page && page.body) {
      document.title = page.title;
      document.body.replaceWith(document.importNode(page.body, true));
    } else if (status) {
      status.textContent = "服务器未返回结果，请刷新页面查看报送记录。";
    }
  });
  xhr.addEventListener("error", function () {
    if (button) button.disabled = false;
    if (status) status.textContent = "上传中断，请检查网络后重试。";
  });
  xhr.send(data);
});
