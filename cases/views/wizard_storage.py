"""The wizard's session storage, written back only when the wizard's data changed."""

import copy

from formtools.wizard.storage.session import SessionStorage


class SessionStorageSavedOnChange(SessionStorage):
    """formtools' SessionStorage marks the session modified whenever it reads its data,
    so every step page (even a GET that changes nothing) wrote the session to the database:
    three more queries a page. This one compares the data with what was loaded when the
    response goes out (formtools calls `update_response` at the end of every request) and
    saves only a change, including the in-place changes formtools makes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.as_loaded = copy.deepcopy(self.request.session.get(self.prefix))

    def _get_data(self):
        return self.request.session[self.prefix]

    data = property(_get_data, SessionStorage._set_data)

    def update_response(self, response):
        super().update_response(response)
        if self.request.session.get(self.prefix) != self.as_loaded:
            self.request.session.modified = True
