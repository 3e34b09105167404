// The headline's length against the limit readers' pages use, updated while typing.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const counter of document.querySelectorAll(".headline-count")) {
    const input = document.getElementById(counter.dataset.for);
    if (!input) continue;
    const limit = Number(counter.dataset.limit);
    const update = () => {
      const length = input.value.length;
      counter.querySelector(".count").textContent = length;
      counter.querySelector(".over").hidden = length <= limit;
      counter.classList.toggle("over-limit", length > limit);
    };
    input.addEventListener("input", update);
    // A headline is one line: Enter does not break it (the form joins any line breaks).
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault();
    });
    update();
  }
});
