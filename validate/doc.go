// Package validate checks a Salesforce ↔ Reply ownership configuration
// before it is saved, and reports every problem at once as diagnostics with
// stable codes, paths into the configuration, and messages that say how to
// fix them.
//
// # Entry points
//
// Config validates a syncstep.Config against Facts (what the Salesforce org
// and the Reply team say: users, queues, members, assignment rules, the
// team owner, the workspace mode). JSON decodes a configuration file with
// syncstep.DecodeConfig and reports its decoding problems together with
// everything Config finds in what could be decoded, each with the line and
// column of its value in the file.
// Both are pure (no I/O, clock or global state), deterministic, linear in
// the size of their input, and safe for concurrent use.
//
//	ds := validate.Config(cfg, facts)
//	for _, d := range ds {
//		fmt.Println(d) // error: steps[2].mappings[1].salesforce_owner: duplicate-salesforce-owner: ...
//	}
//	if err := ds.Err(); err != nil { // only errors fail; warnings and infos do not
//		return err // errors.Is(err, validate.ErrInvalid); errors.As(err, new(*validate.Error))
//	}
//
// # Diagnostics
//
// A Diagnostic has a Severity (SeverityError, SeverityWarning, SeverityInfo;
// the zero value is not a severity), a Code, a Path, the offending Value, a
// Summary of what is wrong and a Detail that says how to fix it. Severity,
// Code and Path are stable API: branch and test on them, never on the
// wording of Summary or Detail. Errors block saving; warnings and infos do
// not.
//
// Paths use the JSON field names of the syncstep configuration format and
// are built with Root, Child and Index: Root("steps").Index(2).
// Child("mappings").Index(1).Child("salesforce_owner") is
// steps[2].mappings[1].salesforce_owner. Diagnostics are sorted by path
// (steps[2] before steps[10]), then by code, then by severity and value.
//
// A rule that needs a fact that was not given is skipped; one facts-missing
// info per missing fact says so, with the fact's name in Value
// (salesforce_users, queues, queues.objects, assignment_rule_objects,
// reply_members, team_owner, workspace). In Facts a nil slice is "not
// known" and an empty one is "known to be empty".
//
// # Rules
//
// Every code the package reports, with its severity, the path it is
// reported at, its cause and its fix. Catalogue returns the same list as
// data. The codes are the package's public contract and are never renamed.
// In a Salesforce → Reply step the Salesforce owner of a pair is the source
// and the Reply owner the target (records are written to them); in a Reply
// → Salesforce step the reverse. The fallback owner of an unmapped policy
// is always a target. The default pair (salesforce_user ↔ reply_user) is
// checked like a pair for every step that has no pairs, and a problem with
// it is reported once, at salesforce_user or reply_user, with the highest
// severity any of those steps gives it.
//
//   - invalid-salesforce-id (error), at the ID's path: a Salesforce ID is
//     not 15 or 18 characters of 0-9, A-Z, a-z, or is an 18-character ID
//     whose last three characters are impossible (reported by decoding), or
//     is missing where one is required: a pair's salesforce_owner, or
//     salesforce_user when a step uses the default pair. Fix: copy the 15- or
//     18-character ID from the user's or queue's page in Salesforce.
//   - not-an-owner-id (error), at a pair's salesforce_owner or at
//     salesforce_user: the ID is well formed but its key prefix is neither
//     005 (User) nor 00G (Queue), for example a Contact ID (003) pasted by
//     mistake. Fix: use the ID of a user or queue.
//   - invalid-reply-owner (error), at a pair's reply_owner, at
//     steps[i].people_to_sequence.owners[k], or at reply_user when a step
//     uses the default pair: the Reply owner is missing or not a positive
//     Reply userId. Fix: pick the team member in Reply.
//   - missing-key (error), at steps[i].key: the step has no key, so
//     nothing (apply to all, compiled plans) can refer to it. This code is
//     not in the domain catalogue; it is this package's addition. Fix: give
//     the step a stable key such as contacts_to_people.
//   - missing-direction (error), at steps[i].direction: the step has no
//     direction, so nobody can tell which side of its pairs must be unique.
//     Fix: set salesforce_to_reply or reply_to_salesforce.
//   - missing-object (error), at steps[i].object: the step names no
//     Salesforce object. Fix: set Contact, Lead, Task, ...
//   - duplicate-step (error), at the later step's steps[i].key: two steps
//     have one key. Fix: give each step its own key.
//   - duplicate-salesforce-owner (error), at the later pair's
//     steps[i].mappings[j].salesforce_owner: in a Salesforce → Reply step one
//     Salesforce owner is mapped twice; the 15- and 18-character forms of an
//     ID (00558000001N0Ke and 00558000001N0KeAAK) are one owner. The seed:
//     "For Salesforce → Reply sync, each Salesforce owner can be mapped only
//     once, while Reply owners can be selected multiple times." Fix: remove
//     or change one of the pairs.
//   - duplicate-reply-owner (error), at the later pair's
//     steps[i].mappings[j].reply_owner: in a Reply → Salesforce step one
//     Reply owner is mapped twice. The seed: "For Reply → Salesforce sync,
//     each Reply owner can be mapped only once, while Salesforce owners can
//     be selected multiple times." Fix: remove or change one of the pairs.
//   - owner-id-filter-conflict (error or warning), at steps[i].filters[f]:
//     the step has an Owner ID filter (field OwnerId). The seed: "Do not use
//     Owner ID filters together with ownership mappings. These settings
//     conflict and may prevent contacts from syncing correctly." An error
//     when the step has pairs; a warning when only the default pair
//     applies. Fix: remove the filter and let the pairs decide.
//   - unmapped-sequence-owner (error), at
//     steps[i].people_to_sequence.owners[k]: a People to sequence owner that
//     the step never resolves a record to (no pair maps to them; without
//     pairs, they are not the default pair's Reply owner; and they are not
//     the fallback owner). The seed: "In the People to sequence section,
//     select only owners that are included in your ownership mappings. If
//     an owner is not mapped, contacts will not be assigned to them or added
//     to sequences." Fix: select a mapped owner, or add a pair. The section
//     is checked on Salesforce → Reply steps only; elsewhere it has no
//     effect.
//   - mappings-unavailable (error), at steps[i].mappings of every step
//     with pairs: the workspace is neither Team Edition nor Private mode with
//     the integrating user (reply_user) as team owner. The seed: "To access
//     the Ownership mappings section in sync steps, make sure Team Edition is
//     enabled for your team or that you are a team owner in Private mode."
//     Fix: enable Team Edition, set up the integration from the team owner's
//     account, or remove the pairs.
//   - not-team-owner (warning), at reply_user: the integration was set up
//     from a Reply account other than the team owner's. Not reported when
//     mappings-unavailable already says so. The seed: "If you're working in
//     a team, set up the integration from the team owner's account and map
//     other team members using ownership mappings."
//   - teammate-integration-enabled (warning), at reply_user, one per
//     teammate, whose userId is the Value: another member has the
//     Salesforce integration enabled on their own account. The seed: "This
//     helps avoid conflicts if the integration is also enabled for other
//     teammates." Fix: disable it on their accounts and map them instead.
//   - assignment-rules-active (warning), at steps[i].object: a Reply →
//     Salesforce step writes owners to an object (Lead, Case) that has an
//     active assignment rule, which can overwrite the mapped owner. Salesforce
//     → Reply steps write no Salesforce owner, so they are not affected. The
//     seed: "Make sure you do not have Automatic Assignment rules set up in
//     Salesforce, as they can interfere with ownership mappings configured in
//     Reply." Fix: deactivate the rule, or write owners with the header
//     Sforce-Auto-Assign: FALSE. When the facts do not list the objects with
//     active rules, Lead and Case steps need them (only those objects have
//     assignment rules).
//   - unknown-salesforce-owner (error), at a pair's salesforce_owner or at
//     salesforce_user: a user ID not among the org's users, or a queue ID
//     not among its queues. Fix: check the ID; the user or queue may be
//     deleted or in another org.
//   - unknown-reply-owner (error), at a pair's reply_owner or at
//     reply_user: the userId is not a member of the Reply team. Fix: pick a
//     current member.
//   - inactive-owner (error or warning), at the owner's path: an inactive
//     Salesforce user (Salesforce refuses writes with INACTIVE_OWNER_OR_USER)
//     or a deactivated Reply member. An error where the owner is a target;
//     a warning where it is a source (their existing records still sync, and
//     the pair may be kept while records are reassigned). A step without a
//     direction counts its owners as sources. Fix: reactivate the user, or
//     map to an active owner.
//   - queue-not-allowed (error), at a Reply → Salesforce pair's
//     salesforce_owner or at salesforce_user: a queue would become owner of
//     an object that the queue's supported objects (Facts.Queues[].Objects,
//     from QueueSobject) do not list. Contact and Account can never be owned
//     by a queue, so those are reported even without facts. A queue as a
//     source is fine. Fix: map to a user, or add the object to the queue in
//     Salesforce Setup.
//   - invalid-fallback-owner (error), at steps[i].unmapped.reply_owner
//     (Salesforce → Reply) or steps[i].unmapped.salesforce_owner (Reply →
//     Salesforce): the fallback owner of an unmapped policy is missing, not
//     an owner ID, unknown, inactive, or a queue that cannot own the step's
//     object — the checks a pair's target gets, under one code. Fix: choose
//     an active owner, such as the integration account, or use skip.
//   - apply-all-conflict (error), at steps[t].mappings of each step the
//     copy would break, with the repeated owner as Value, or at
//     apply_all_from when no step has that key: Save and apply for all
//     steps (the seed: "You can also click Save and apply for all steps to
//     use the same mappings across all sync steps") copies the pairs of
//     apply_all_from to every step, but pairs valid in one direction can
//     repeat an owner in the other. Fix: set the steps' mappings separately,
//     or change the source pairs so no owner repeats on either side.
//   - default-pair-applies (info), at steps[i].mappings: the step has no
//     pairs, so the default pair owns everything it syncs. The seed: "By
//     default, the connected Salesforce account is mapped to the Reply
//     account used for the integration."
//   - facts-missing (info), at the document (path ""), with the fact's name
//     as Value: a rule was skipped because the fact it needs was not given;
//     one per missing fact. Fix: gather it with package adapters.
//
// Decoding a file with JSON can also report, always as errors, the codes
// of syncstep.DecodeConfig at the path of the offending value:
//
//   - malformed-json (error): the file is not JSON; fix the syntax at the
//     line and column given.
//   - unsupported-version (error), at version: the version is missing or
//     not 1.
//   - unknown-field (error): a field the format does not define (often a
//     misspelling).
//   - duplicate-field (error): a field given twice in one object.
//   - wrong-type (error): a value of the wrong JSON type.
//   - invalid-value (error): a value outside its set (direction, filter
//     operator, unmapped action). Config reports it too, at
//     steps[i].unmapped.action, for an unknown action and for
//     leave_to_salesforce on a Salesforce → Reply step.
//
// The package imports only the standard library, ownership and syncstep.
package validate
