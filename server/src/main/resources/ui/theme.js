// Applies the chosen colour theme before the page paints (a classic script in <head>: the CSP allows
// no inline script). No choice stored: the system's light or dark preference decides, in CSS.
(function () {
  try {
    var theme = localStorage.getItem('sluice-theme');
    if (theme === 'light' || theme === 'dark') {
      document.documentElement.dataset.theme = theme;
    }
  } catch (e) {
    // storage unavailable (privacy mode): follow the system
  }
})();
