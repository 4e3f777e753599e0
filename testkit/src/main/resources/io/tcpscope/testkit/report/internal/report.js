// Lights up a link in the picture and its lane in the timeline together. Nothing else: the page
// is whole without it. data-ready tells that the script ran.
(function () {
  var linked = document.querySelectorAll('[data-link]');
  function mark(key, on) {
    for (var i = 0; i < linked.length; i++) {
      if (linked[i].getAttribute('data-link') === key) {
        linked[i].classList.toggle('hot', on);
      }
    }
  }
  for (var i = 0; i < linked.length; i++) {
    linked[i].addEventListener('mouseenter', function (e) { mark(e.currentTarget.getAttribute('data-link'), true); });
    linked[i].addEventListener('mouseleave', function (e) { mark(e.currentTarget.getAttribute('data-link'), false); });
  }
  document.body.setAttribute('data-ready', String(linked.length));
})();
