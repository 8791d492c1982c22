// Fields checked as the reader leaves them (hx-trigger "change") are also left by pressing
// the form's submit button. The check's answer would then come while the button is held
// down: the message it adds moves the button, the release lands beside it, and the click
// is lost ("I pressed Register and nothing happened"). So from the moment a submit button
// is pressed, checks of its form's fields are not sent and their answers not swapped in;
// the server checks the whole form on submit anyway.
(function () {
  "use strict";
  // Long enough for a slow press (or a tap, whose focus change comes after the touch ends).
  var PRESS_MS = 1500;
  var pressed = null;

  function submitButton(target) {
    var button = target && target.closest ? target.closest("button, input[type=submit]") : null;
    return button && button.type === "submit" && button.form ? button : null;
  }

  // A request of the pressed form's fields or of the form itself (an autosave, a preview)
  // steps aside; the one the press makes (a form's hx-post on submit, a button's on click)
  // does not.
  function aside(elt, triggering) {
    if (!pressed || !elt || Date.now() - pressed.at > PRESS_MS) {
      return false;
    }
    if (triggering && (triggering.type === "submit" || triggering.type === "click")) {
      return false;
    }
    return elt === pressed.form || pressed.form.contains(elt) || elt.form === pressed.form;
  }

  document.addEventListener("pointerdown", function (event) {
    var button = submitButton(event.target);
    pressed = button ? { form: button.form, at: Date.now() } : null;
  }, true);
  document.addEventListener("htmx:confirm", function (event) {
    if (aside(event.detail.elt, event.detail.triggeringEvent)) {
      event.preventDefault();
    }
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    var config = event.detail.requestConfig;
    if (config && aside(config.elt, config.triggeringEvent)) {
      event.detail.shouldSwap = false;
    }
  });
})();
