// Live updates: listens to the server's story events and offers to reload the page when a
// story shown here (or, on the list, any story) changes. No framework, no external code.
(function () {
  "use strict";
  if (!window.EventSource) return;
  var live = document.getElementById("live");
  if (!live) return;
  var onList = !!document.querySelector("[data-live=list]");
  var storyMatch = location.pathname.match(/^\/stories\/(\d+)$/);
  var changed = 0;
  var source = null;
  function onStory(message) {
    var event;
    try { event = JSON.parse(message.data); } catch (e) { return; }
    if (!onList && !(storyMatch && storyMatch[1] === event.story)) return;
    changed += 1;
    live.textContent = changed === 1
      ? (storyMatch ? "This story has been updated." : "A story was " + event.kind + ": " + event.title)
      : changed + " stories changed.";
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "Show the latest";
    button.addEventListener("click", function () { location.reload(); });
    live.appendChild(button);
    live.hidden = false;
  }
  // One connection per open page, closed when the page is left: browsers allow only six
  // connections to a host, and pages kept for Back would otherwise hold theirs open until the
  // seventh page cannot load.
  function connect() {
    source = new EventSource("/api/events");
    source.addEventListener("story", onStory);
  }
  window.addEventListener("pagehide", function () {
    if (source) { source.close(); source = null; }
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && !source) connect();
  });
  connect();
})();
