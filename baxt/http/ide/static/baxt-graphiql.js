/*
 * Starts GraphiQL against the API at this page's own address.
 *
 * The API answers only requests carrying "Authorization: Bearer <token>", typed into the
 * Headers tab. Until one is there, a request is not sent at all but answered here with how
 * to add it; once a token is typed (and left alone for a moment) the schema is fetched anew.
 */
(function () {
  "use strict";

  var endpoint = window.location.origin + window.location.pathname;
  var placeholderHeaders = '{\n  "Authorization": "Bearer <token>"\n}\n';
  var settleMilliseconds = 400;
  var defaultQuery = [
    "# Replace <token> in the Headers tab below with a token,",
    "# then run this with Ctrl-Enter. `baxt token --help` says",
    "# how to make one; `baxt serve --demo` prints some.",
    "{",
    "  cases(first: 5) {",
    "    edges { node { id status child { fullName ageYears } } }",
    "  }",
    "}",
    "",
  ].join("\n");
  var sendToApi = GraphiQL.createFetcher({ url: endpoint });

  function bearerIn(headers) {
    var names = Object.keys(headers || {});
    for (var i = 0; i < names.length; i += 1) {
      var value = headers[names[i]];
      if (names[i].toLowerCase() === "authorization" && typeof value === "string") {
        return /^bearer\s+[^\s<>]+$/i.test(value.trim()) ? value.trim() : null;
      }
    }
    return null;
  }

  function bearerInText(text) {
    try {
      return bearerIn(JSON.parse(text || "{}"));
    } catch (notJson) {
      return null;
    }
  }

  function signInFirst() {
    return Promise.resolve({
      errors: [
        {
          message:
            "Replace <token> in the Headers tab with a token, and run again: " +
            "the API answers nothing without one.",
          extensions: { code: "UNAUTHENTICATED" },
        },
      ],
    });
  }

  function newFetcher() {
    return function fetcher(params, options) {
      if (bearerIn(options && options.headers) === null) {
        return signInFirst();
      }
      return sendToApi(params, options);
    };
  }

  function BaxtGraphiQL() {
    var state = React.useState(null);
    var bearer = state[0];
    var setBearer = state[1];
    var pending = React.useRef(null);
    // A new fetcher is what makes GraphiQL fetch the schema again, now with this token.
    var fetcher = React.useMemo(newFetcher, [bearer]);

    function onEditHeaders(text) {
      window.clearTimeout(pending.current);
      pending.current = window.setTimeout(function () {
        setBearer(bearerInText(text));
      }, settleMilliseconds);
    }

    return React.createElement(GraphiQL, {
      fetcher: fetcher,
      plugins: [GraphiQLPluginExplorer.explorerPlugin()],
      defaultQuery: defaultQuery,
      defaultHeaders: placeholderHeaders,
      defaultEditorToolsVisibility: "headers",
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      inputValueDeprecation: true,
      onEditHeaders: onEditHeaders,
    });
  }

  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(BaxtGraphiQL),
  );
})();
