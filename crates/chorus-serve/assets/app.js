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
  var source = new EventSource("/api/events");
  source.addEventListener("story", function (message) {
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
  });
})();
