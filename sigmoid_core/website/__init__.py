"""The website's part of sigmoid_core: what the reference site computes and how it is built.

Installed with the ``docs`` extra (matplotlib, mpmath, MkDocs); the numerical library,
:mod:`sigmoid_core`, never imports it.

- :mod:`sigmoid_core.website.content`: the named values, figures and tables that pages
  embed, each declared beside the code that computes it;
- :mod:`sigmoid_core.website.plotting`: the figure style, shared by the pages' figures and
  the notebooks' (``notebook_figure``), needing matplotlib alone;
- :mod:`sigmoid_core.website.plugin`: the MkDocs plugin that puts them into the pages;
- :mod:`sigmoid_core.website.tools`: building, serving and browsing the site, shared by
  the tests and the scripts.
"""
