if ("noModule" in HTMLScriptElement.prototype) document.documentElement.classList.add("govuk-frontend-supported");
