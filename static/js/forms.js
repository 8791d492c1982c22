// Fields checked as the reader leaves them (hx-trigger "change") are also left by pressing
// the form's submit button. The check's answer would then come while the button is held
// down: the message it adds moves the button, the release lands beside it, and the click
// is lost ("I pressed Register and nothing happened"). So from the moment a submit button
// is pressed, checks of its form's fields are not sent and their answers not swapped in;
// the server checks the whole form on submit anyway. The form's own htmx request (a form
// with hx-post) and a button's own request go ahead.
(function () {
  "use strict";
  // Long enough for a slow press (or a tap, whose focus change comes after the touch ends).
  var PRESS_MS = 1500;
  var pressed = null;

  function submitButton(target) {
    var button = target && target.closest ? target.closest("button, input[type=submit]") : null;
    return button && button.type === "submit" && button.form ? button : null;
  }

  function aside(elt) {
    if (!pressed || !elt || Date.now() - pressed.at > PRESS_MS) {
      return false;
    }
    if (elt === pressed.form || submitButton(elt)) {
      return false;
    }
    return pressed.form.contains(elt) || elt.form === pressed.form;
  }

  document.addEventListener("pointerdown", function (event) {
    var button = submitButton(event.target);
    pressed = button ? { form: button.form, at: Date.now() } : null;
  }, true);
  document.addEventListener("htmx:confirm", function (event) {
    if (aside(event.detail.elt)) {
      event.preventDefault();
    }
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (aside(event.detail.elt)) {
      event.detail.shouldSwap = false;
    }
  });
})();
