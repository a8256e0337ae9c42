"""The matching engine (DESIGN.md): who can take a request, in what order, and
what to offer when nobody can.

``engine`` holds the data the engine works on and the hard constraints
(``check``, ``rank``); ``alternatives`` the requester's analysis (``analyse``);
``travel`` the travel estimate between Brussels communes. All pure: the
queries that feed them live apart.
"""
