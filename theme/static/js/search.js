/* Site search over Pagefind's own API (pagefind.js), loaded only on the search page.
 *
 * - Searches while the visitor types; ?q= in the address (the header's search field)
 *   starts a search at once, and the address follows what is typed.
 * - A polite status line says how many results there are; results are title (link),
 *   excerpt with the matches marked, and the site's section it belongs to.
 * - Arrow keys move between result links (up from the first goes back to the field),
 *   Home/End jump to the first/last, Escape returns to the field; Tab works as usual.
 * - Every text comes from the form's data-text-* attributes (translated in the
 *   template). Excerpts are rebuilt as text and <mark> nodes, never inserted as HTML.
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-search]");
  if (!form) {
    return;
  }
  var input = form.querySelector("input[name=q]");
  var status = document.querySelector("[data-search-status]");
  var list = document.querySelector("[data-search-results]");
  var more = document.querySelector("[data-search-more]");
  var PAGE_SIZE = 10;
  var TYPING_PAUSE = 200; // ms without a keystroke before a search starts
  var loading = null; // the promise of the initialised pagefind module
  var results = [];
  var shown = 0;
  var generation = 0; // the latest search; answers to older ones are dropped
  var timer = 0;

  function text(name, values) {
    var value = form.getAttribute("data-text-" + name) || "";
    Object.keys(values || {}).forEach(function (key) {
      value = value.split("{" + key + "}").join(values[key]);
    });
    return value;
  }

  function load() {
    if (!loading) {
      loading = import(form.getAttribute("data-pagefind")).then(function (pagefind) {
        // In the page itself: its policy allows WebAssembly, a worker's would not.
        return pagefind.options({ noWorker: true }).then(function () {
          return pagefind.init();
        }).then(function () {
          return pagefind;
        });
      });
      loading.catch(function () {
        loading = null; // try again with the next search
      });
    }
    return loading;
  }

  /* Pagefind's excerpt is escaped text with <mark> around the matches. */
  function excerptNodes(excerpt) {
    var parsed = new DOMParser().parseFromString(excerpt, "text/html").body;
    return Array.prototype.map.call(parsed.childNodes, function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        return mark;
      }
      return document.createTextNode(node.textContent);
    });
  }

  function resultItem(data) {
    var item = document.createElement("li");
    item.className = "search-result";
    var heading = document.createElement("h3");
    heading.className = "search-result__title";
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    heading.appendChild(link);
    var excerpt = document.createElement("p");
    excerpt.className = "search-result__excerpt";
    excerptNodes(data.excerpt || "").forEach(function (node) {
      excerpt.appendChild(node);
    });
    item.appendChild(heading);
    item.appendChild(excerpt);
    if (data.meta && data.meta.bereich) {  // the section, never a raw path
      var section = document.createElement("p");
      section.className = "search-result__section";
      section.textContent = data.meta.bereich;
      item.appendChild(section);
    }
    return item;
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll(".search-result__title a"));
  }

  function showNext(search) {
    var next = results.slice(shown, shown + PAGE_SIZE);
    return Promise.all(next.map(function (result) {
      return result.data();
    })).then(function (pages) {
      if (search !== generation) {
        return false;
      }
      pages.forEach(function (data) {
        list.appendChild(resultItem(data));
      });
      shown += next.length;
      more.hidden = shown >= results.length;
      return true;
    });
  }

  function followAddress(query) {
    var url = new URL(window.location.href);
    if (query) {
      url.searchParams.set("q", query);
    } else {
      url.searchParams.delete("q");
    }
    window.history.replaceState(null, "", url.toString());
  }

  function search(raw) {
    var query = raw.trim();
    var current = ++generation;
    followAddress(query);
    if (!query) {
      results = [];
      list.textContent = "";
      more.hidden = true;
      status.textContent = text("empty");
      return Promise.resolve();
    }
    status.textContent = text("searching");
    return load().then(function (pagefind) {
      return pagefind.search(query);
    }).then(function (found) {
      if (current !== generation) {
        return;
      }
      results = found.results;
      shown = 0;
      list.textContent = "";
      return showNext(current).then(function (fresh) {
        if (!fresh) {
          return;
        }
        var count = String(results.length);
        status.textContent = results.length
          ? text("results", { count: count, query: query })
          : text("none", { query: query });
      });
    }).catch(function () {
      if (current === generation) {
        status.textContent = text("error");
      }
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    search(input.value);
  });

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      search(input.value);
    }, TYPING_PAUSE);
  });

  input.addEventListener("focus", function () {
    load().catch(function () {}); // fetch the index while the visitor types
  });

  input.addEventListener("keydown", function (event) {
    var all = links();
    if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      all[0].focus();
    }
  });

  list.addEventListener("keydown", function (event) {
    var all = links();
    var index = all.indexOf(document.activeElement);
    var target = null;
    if (index < 0) {
      return;
    }
    if (event.key === "ArrowDown") {
      target = all[index + 1] || null;
    } else if (event.key === "ArrowUp") {
      target = index === 0 ? input : all[index - 1];
    } else if (event.key === "Home") {
      target = all[0];
    } else if (event.key === "End") {
      target = all[all.length - 1];
    } else if (event.key === "Escape") {
      target = input;
    }
    if (target) {
      event.preventDefault();
      target.focus();
    }
  });

  more.addEventListener("click", function () {
    var first = shown;
    showNext(generation).then(function (fresh) {
      var all = links();
      if (fresh && all[first]) {
        all[first].focus(); // keyboard users continue where the new results begin
      }
    });
  });

  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    search(initial);
  }
})();
