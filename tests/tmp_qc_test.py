from tests.test_community import *  # noqa

def test_print(app, english, page_owner, member, make_user):
    authors = [make_user() for _ in range(5)] + [member]
    small, large = make_user(), make_user()
    add_discussion(app, small, authors, 2)
    add_discussion(app, large, authors, 20)
    for t in (small, large):
        stmts = []
        def rec(*a): stmts.append(a[2])
        with app.app_context(): eng = db.engine
        event.listen(eng, "before_cursor_execute", rec)
        english.get(f"/test-profiles/{t.id}")
        event.remove(eng, "before_cursor_execute", rec)
        print(len(stmts)); [print("  ", s[:150].replace("\n"," ")) for s in stmts]
    html = english.get(f"/test-profiles/{large.id}").get_data(as_text=True)
    open("/tmp/page.html","w").write(html)
